namespace BlazorChat.LoadGen.Fanout;

/// <summary>What a session's numbers depend on: the command, the machine, how busy it was, when.</summary>
internal sealed record FanoutFacts(string Command, string Machine, string NodeVersion, string LoadBefore, string LoadAfter, DateTime Date);
