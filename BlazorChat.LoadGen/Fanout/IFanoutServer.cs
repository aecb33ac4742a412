namespace BlazorChat.LoadGen.Fanout;

/// <summary>A server under test, running as a fresh child process on 127.0.0.1; disposing kills it and deletes its data.</summary>
internal interface IFanoutServer : IAsyncDisposable
{
    /// <summary><c>blazorchat</c>, <c>baseline</c>, <c>kestrel</c> or <c>node</c>.</summary>
    string Name { get; }

    /// <summary>Whether it speaks BlazorChat's protocol (tokens, hello, join, acknowledged sends, seqs).</summary>
    bool IsBlazorChat { get; }

    int Port { get; }

    int ProcessId { get; }

    /// <summary>Its last lines of output, to explain a failure.</summary>
    string RecentOutput { get; }

    /// <summary>Where a client of <paramref name="group"/> connects.</summary>
    Uri SocketUri(FanoutGroup group);
}
