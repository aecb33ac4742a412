namespace BlazorChat.Domain;

/// <summary>The outcome of a request: success, or a <see cref="ChatError"/>.</summary>
public class ChatResult
{
    /// <summary>The success without a value.</summary>
    public static readonly ChatResult Ok = new(null);

    /// <summary>Creates a result; a null error means success.</summary>
    protected ChatResult(ChatError? error) => Error = error;

    /// <summary>Why the request failed, or null when it succeeded.</summary>
    public ChatError? Error { get; }

    /// <summary>True when the request succeeded.</summary>
    public bool IsSuccess => Error is null;

    /// <summary>A failed result.</summary>
    public static ChatResult Fail(string code, string message) => new(new ChatError(code, message));

    /// <summary>A failed result of type <typeparamref name="T"/>.</summary>
    public static ChatResult<T> Fail<T>(ChatError error) => new(default, error);

    /// <summary>Lets a method returning <c>ChatResult</c> return an error directly.</summary>
    public static implicit operator ChatResult(ChatError error) => new(error);

    /// <summary>A successful result carrying <paramref name="value"/>.</summary>
    public static ChatResult<T> Success<T>(T value) => new(value, null);
}

/// <summary>The outcome of a request that yields a value on success.</summary>
public sealed class ChatResult<T> : ChatResult
{
    internal ChatResult(T? value, ChatError? error) : base(error) => Value = value;

    /// <summary>The value; meaningful only when <see cref="ChatResult.IsSuccess"/>.</summary>
    public T? Value { get; }

    /// <summary>Lets a method returning <c>ChatResult&lt;T&gt;</c> return an error directly.</summary>
    public static implicit operator ChatResult<T>(ChatError error) => new(default, error);
}
