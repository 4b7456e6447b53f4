using System.CommandLine;
using GreenRuntime.Samples.Spawning;

var spawn = new Command("spawn", "The seed's gevent example: spawn eat('egon') and play('alex'), joinall, print g1.Value.");
spawn.SetAction(_ => EatAndPlay.Run());

var root = new RootCommand("GreenThreads samples: gevent's examples, written in blocking-style C# with [Greenlet].")
{
    spawn,
};
return root.Parse(args).Invoke();
