using System.Diagnostics;
using BlazorChat.LoadGen;
using BlazorChat.LoadGen.Circuits;

// Every scenario runs in rounds of two runs, each on a fresh server with a fresh copy of the same accounts: one with
// one transaction per message (the reference) and one with the default group commit; or, with --topology, one run per
// topology (one node or two, in-memory or Redis backplane). Progress goes to stderr, the Markdown report to stdout; any
// failed check makes the exit code 1. A subcommand (Subcommands.cs) runs instead, with options of its own.
if (args.Length > 0 && Subcommands.Find(args[0]) is { } subcommand)
{
    return await subcommand.RunAsync(args[1..]);
}

var (options, error) = LoadGenOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(args.Any(a => a is "-h" or "--help") ? "\n" + Subcommands.Usage : "");
    return args.Any(a => a is "-h" or "--help") ? 0 : 2;
}

var serverDll = options.ServerDll ?? ServerBuild.NextToLoadGenerator();
if (serverDll is null)
{
    Console.Error.WriteLine("BlazorChat.Web.dll was not found next to this build; pass --server-dll.");
    return 2;
}

using var interrupted = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true; // stop the runs, so the servers are killed and their data deleted
    interrupted.Cancel();
};

// A few hundred messages between four other users first, so that the measured run meets JIT-compiled code.
string[] warmupUsers = [.. Enumerable.Range(0, 4).Select(i => $"warmup{i}")];
string[] loadUsers = [.. Enumerable.Range(0, options.Clients).Select(i => $"load{i:D4}")];

Console.Error.WriteLine($"Server: {serverDll}");
var loadBefore = MachineFacts.LoadAverage() ?? "?";
if (options.Topologies is not null)
{
    var database = await PostgresDatabase.DescribeServerAsync(options.Postgres!, interrupted.Token);
    var topologyRows = await new TopologyComparison(options, serverDll, interrupted.Token).RunAsync(warmupUsers, loadUsers);
    var facts = new RunFacts(MarkdownReport.Command(args), loadBefore, MachineFacts.LoadAverage() ?? "?", database);
    Console.WriteLine(TopologyReport.Render(topologyRows, options, facts));
    return Report([.. topologyRows.SelectMany(r => r.Problems)]);
}

var rows = new List<ComparisonRow>();
foreach (var provider in options.Providers)
{
    Console.Error.WriteLine($"Registering {warmupUsers.Length + loadUsers.Length} users on {provider}…");
    await using var accounts = await AccountTemplate.CreateAsync(
        serverDll, provider == "postgres" ? options.Postgres : null, [.. warmupUsers, .. loadUsers], interrupted.Token);
    foreach (var scenario in options.Scenarios)
    {
        var reference = new List<RunResult>();
        var groupCommit = new List<RunResult>();
        for (var round = 0; round < options.Rounds; round++)
        {
            // Alternate which goes first, so a machine that gets busier or quieter over time favours neither.
            if (round % 2 == 0)
            {
                reference.Add(await MeasureAsync(accounts, scenario, provider, maxBatchSize: 1));
                groupCommit.Add(await MeasureAsync(accounts, scenario, provider, maxBatchSize: null));
            }
            else
            {
                groupCommit.Add(await MeasureAsync(accounts, scenario, provider, maxBatchSize: null));
                reference.Add(await MeasureAsync(accounts, scenario, provider, maxBatchSize: 1));
            }
        }

        rows.Add(new ComparisonRow(scenario, provider, reference, groupCommit));
    }
}

Console.WriteLine(MarkdownReport.Render(rows, options, args, loadBefore, MachineFacts.LoadAverage() ?? "?"));
return Report([.. rows.SelectMany(r => r.Problems)]);

// Any failed check makes the exit code 1.
static int Report(IReadOnlyList<string> problems)
{
    foreach (var problem in problems.Take(20))
    {
        Console.Error.WriteLine("FAILED " + problem);
    }

    if (problems.Count > 20)
    {
        Console.Error.WriteLine($"… and {problems.Count - 20} more problems.");
    }

    return problems.Count == 0 ? 0 : 1;
}

async Task<RunResult> MeasureAsync(AccountTemplate accounts, Scenario scenario, string provider, int? maxBatchSize)
{
    Console.Error.Write($"{scenario.Name} on {provider}, {(maxBatchSize is null ? "group commit" : $"reference (MaxBatchSize={maxBatchSize})")}: ");
    var clock = Stopwatch.StartNew();
    using var deadline = CancellationTokenSource.CreateLinkedTokenSource(interrupted.Token);
    deadline.CancelAfter(options.Timeout);
    RunResult result;
    try
    {
        await using var data = await accounts.CopyDataAsync(deadline.Token);
        await using var server = await ServerProcess.StartAsync(serverDll, data, maxBatchSize, cancellationToken: deadline.Token);
        try
        {
            var warmup = await LoadRun.RunAsync(
                [server], accounts.Tokens, new LoadPhase(Scenario.DirectPairs, warmupUsers, options.WarmupMessages, options.Window), null, deadline.Token);
            result = warmup.Problems.Count > 0
                ? warmup with { Problems = ["warm-up: " + warmup.Problems[0]] }
                : await LoadRun.RunAsync(
                    [server], accounts.Tokens, new LoadPhase(scenario, loadUsers, options.Messages, options.Window), null, deadline.Token);
        }
        catch (Exception ex) when (!interrupted.IsCancellationRequested)
        {
            result = RunResult.Failed($"{Why(ex)}\n--- last server output ---\n{server.RecentOutput}");
        }
    }
    catch (Exception ex) when (!interrupted.IsCancellationRequested)
    {
        result = RunResult.Failed(Why(ex));
    }

    Console.Error.WriteLine(result.Problems.Count > 0
        ? $"FAILED ({result.Problems.Count} problems)"
        : $"{result.MessagesPerSecond:N0} msg/s, p50 {result.P50.TotalMilliseconds:0.0} ms, p99 {result.P99.TotalMilliseconds:0.0} ms " +
          $"({result.Elapsed.TotalSeconds:0.0} s measured, {clock.Elapsed.TotalSeconds:0} s in all)");
    return result;

    string Why(Exception ex) => deadline.IsCancellationRequested ? $"did not finish within {options.Timeout.TotalSeconds:0} s" : ex.Message;
}
