using System.Text;

namespace GreenRuntime.Samples.Crawl;

/// <summary>
/// What every crawl sample crawls: a <see cref="LocalSite"/> of four pages and the nine urls of the seed's list (some
/// twice, one missing), and the summary line they print.
/// </summary>
public static class SeedSite
{
    /// <summary>Starts the site, each reply <paramref name="delay"/> after its request.</summary>
    public static LocalSite Start(TimeSpan delay) => new(new Dictionary<string, string>
    {
        ["/"] = Page("home", 40),
        ["/news"] = Page("news", 120),
        ["/shop"] = Page("shop", 75),
        ["/about"] = Page("about", 10),
    }, delay);

    /// <summary>The nine urls on <paramref name="site"/>.</summary>
    public static IReadOnlyList<Uri> Urls(LocalSite site)
    {
        string[] paths = ["/", "/news", "/shop", "/about", "/missing", "/", "/news", "/", "/"];
        return [.. paths.Select(p => new Uri(site.BaseAddress, p))];
    }

    /// <summary>Prints how long the crawl took, how many requests the site served at once, and the characters fetched.</summary>
    public static void Summary(int urls, TimeSpan elapsed, TimeSpan delay, LocalSite site, string runner, int characters) =>
        Console.WriteLine($"fetched {urls} urls in {elapsed.TotalSeconds:F2} s " +
            $"({delay.TotalSeconds:F2} s each, at most {site.MostAtOnce} at once, {runner}); total {characters} characters");

    private static string Page(string title, int paragraphs)
    {
        var html = new StringBuilder($"<html><head><title>{title}</title></head><body>");
        for (int i = 0; i < paragraphs; i++)
            html.Append($"<p>{title} paragraph {i}</p>");
        return html.Append("</body></html>").ToString();
    }
}
