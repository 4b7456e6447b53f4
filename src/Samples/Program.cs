using System.CommandLine;
using System.Net;
using GreenRuntime;
using GreenRuntime.Samples.Chat;
using GreenRuntime.Samples.Crawl;
using GreenRuntime.Samples.Echo;
using GreenRuntime.Samples.Primes;
using GreenRuntime.Samples.Spawning;

var spawn = new Command("spawn", "The seed's first gevent example: spawn eat('egon') and play('alex'), joinall, print g1.Value.");
spawn.SetAction(_ => EatAndPlay.Run());

var clients = new Option<int>("--clients") { Description = "Concurrent green clients.", DefaultValueFactory = _ => 500 };
var seconds = new Option<double>("--seconds") { Description = "How long the clients run.", DefaultValueFactory = _ => 5 };
var streamServer = new Option<bool>("--stream-server") { Description = "Serve with StreamServer instead of the seed's accept loop." };
var demo = new Command("demo", "The seed's echo server and its clients (500 by default) in one process, on one thread, with a live progress line.")
{
    clients, seconds, streamServer,
};
demo.SetAction(result => EchoDemo.Run(
    result.GetValue(clients), TimeSpan.FromSeconds(result.GetValue(seconds)), result.GetValue(streamServer)));

var port = new Option<int>("--port") { Description = "Port to listen on (0: any free port, printed once listening).", DefaultValueFactory = _ => 8080 };
var host = new Option<string>("--host") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
var backlog = new Option<int>("--backlog") { Description = "Listen backlog (the seed uses 5).", DefaultValueFactory = _ => 1024 };
var verbose = new Option<bool>("--verbose") { Description = "Print each client's address, as the seed does." };
var stopTimeout = new Option<double>("--stop-timeout")
{
    Description = "Seconds the connections being served get to finish once Ctrl+C or SIGTERM stops the server; then they are closed.",
    DefaultValueFactory = _ => 1,
};
var monitorBlocking = new Option<bool>("--monitor-blocking")
{
    Description = "Turn the hub's blocking monitor on (as GREEN_MONITOR_THREAD=1 does): a handler holding the hub past 100 ms is reported on stderr.",
};
var lines = new Option<bool>("--lines")
{
    Description = "Echo lines (StreamReader.ReadLine, then StreamWriter.WriteLine and Flush, over a NetworkStream) instead of raw receives.",
};
var serve = new Command("serve", "Run the echo server alone (one OS thread), for external load such as ../shared/bench/echo_bench.sh.")
{
    port, host, backlog, streamServer, verbose, stopTimeout, monitorBlocking, lines,
};
serve.SetAction(result =>
{
    if (result.GetValue(monitorBlocking))
        Hub.DefaultMonitorBlocking = true;
    return EchoServe.Run(
        IPAddress.Parse(result.GetValue(host)!), result.GetValue(port), result.GetValue(backlog),
        result.GetValue(streamServer), result.GetValue(verbose), TimeSpan.FromSeconds(result.GetValue(stopTimeout)), result.GetValue(lines));
});

var chatPort = new Option<int>("--port") { Description = "Port to listen on (0: any free port, printed once listening).", DefaultValueFactory = _ => 8080 };
var chatHost = new Option<string>("--host") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
var chat = new Command("chat", "A line-based chat server written with StreamReader/StreamWriter over NetworkStream: name first, then lines, broadcast to the others.")
{
    chatPort, chatHost,
};
chat.SetAction(result => ChatServe.Run(IPAddress.Parse(result.GetValue(chatHost)!), result.GetValue(chatPort)));

var poolSize = new Option<int>("--pool") { Description = "Downloads at once: the pool's size (the seed's ThreadPoolExecutor(4)).", DefaultValueFactory = _ => 4 };
var delay = new Option<double>("--delay") { Description = "Seconds the local site takes to answer each request.", DefaultValueFactory = _ => 0.3 };
var executor = new Option<string>("--executor")
{
    Description = "What runs the downloads: pool (greenlets of a GreenPool on one thread), threads (the seed's ThreadPoolExecutor: Submit(Get, url), AddDoneCallback(Parse), Shutdown(wait: true)), greenlets (the same program on a GreenletExecutor: worker greenlets on one thread).",
    DefaultValueFactory = _ => "pool",
};
executor.AcceptOnlyFromAmong("pool", "threads", "greenlets");
var crawl = new Command("crawl", "The seed's crawler against a local site the sample starts: nine downloads, four at a time, each page parsed when it arrives.")
{
    poolSize, delay, executor,
};
crawl.SetAction(result =>
{
    var wait = TimeSpan.FromSeconds(result.GetValue(delay));
    return result.GetValue(executor) switch
    {
        "threads" => ThreadCrawler.Run(result.GetValue(poolSize), wait),
        "greenlets" => GreenletCrawler.Run(result.GetValue(poolSize), wait),
        _ => GreenCrawler.Run(result.GetValue(poolSize), wait),
    };
});

var limit = new Option<int>("--limit") { Description = "Count the primes below this number.", DefaultValueFactory = _ => 2_000_000 };
var chunks = new Option<int>("--chunks") { Description = "Pieces of work the range is cut into.", DefaultValueFactory = _ => 16 };
var workers = new Option<int>("--workers") { Description = "Worker processes for the second count.", DefaultValueFactory = _ => Environment.ProcessorCount };
var primes = new Command("primes", "CPU-bound work on a ProcessPoolExecutor: the primes below --limit counted in chunks by 1 worker process, then by --workers, and the speed-up.")
{
    limit, chunks, workers,
};
primes.SetAction(result => PrimeCount.Run(result.GetValue(limit), result.GetValue(chunks), result.GetValue(workers)));

var root = new RootCommand("GreenThreads samples: gevent's examples, written in blocking-style C# with [Greenlet].")
{
    spawn, demo, serve, chat, crawl, primes,
};
return root.Parse(args).Invoke();
