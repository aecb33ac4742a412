using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BlazorChat.Web.Endpoints.Api;

/// <summary>
/// Reads a small JSON object from a request body, answering each way it can be wrong (content type, size,
/// syntax, shape) with its own ProblemDetails instead of the framework's empty 400.
/// </summary>
internal static class JsonRequestBody
{
    /// <param name="request">The request.</param>
    /// <param name="shape">What the body must look like, quoted in the answers, e.g. <c>{"userName": "…"}</c>.</param>
    /// <param name="maxBytes">The largest body accepted; a larger one is 413.</param>
    /// <param name="cancellationToken">Stops reading.</param>
    public static async Task<JsonBody<T>> ReadObjectAsync<T>(
        HttpRequest request, string shape, int maxBytes, CancellationToken cancellationToken = default)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return Fail<T>(StatusCodes.Status415UnsupportedMediaType, "The body must be JSON.",
                $"Send Content-Type: application/json with a JSON object: {shape}");
        }

        if (request.ContentLength > maxBytes)
        {
            return TooLarge<T>(maxBytes);
        }

        var buffer = new byte[maxBytes + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken)) > 0)
        {
            length += read;
        }

        if (length > maxBytes)
        {
            return TooLarge<T>(maxBytes); // sent without a length, or with a wrong one
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(buffer.AsMemory(0, length));
        }
        catch (JsonException)
        {
            return NotAnObject<T>(shape); // empty, or not JSON
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return NotAnObject<T>(shape);
            }

            if (NotText(document.RootElement) is { } notText)
            {
                return Fail<T>(StatusCodes.Status400BadRequest, "The body is not acceptable.",
                    $"{notText} is not valid Unicode text (it holds a lone surrogate). The body must be a JSON object: {shape}");
            }

            try
            {
                return new JsonBody<T>(document.RootElement.Deserialize<T>(JsonSerializerOptions.Web), null);
            }
            catch (JsonException ex)
            {
                var field = ex.Path is { Length: > 2 } path && path.StartsWith("$.", StringComparison.Ordinal) ? $"'{path[2..]}'" : "A field";
                return Fail<T>(StatusCodes.Status400BadRequest, "The body is not acceptable.",
                    $"{field} has the wrong type. The body must be a JSON object: {shape}");
            }
        }
    }

    /// <summary>The first field whose name or string value is valid JSON but not valid text, such as <c>"\ud800"</c>.</summary>
    private static string? NotText(JsonElement body)
    {
        foreach (var property in body.EnumerateObject())
        {
            string name;
            try
            {
                name = property.Name;
            }
            catch (InvalidOperationException)
            {
                return "A field name";
            }

            try
            {
                _ = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : null;
            }
            catch (InvalidOperationException)
            {
                return $"'{name}'";
            }
        }

        return null;
    }

    private static JsonBody<T> NotAnObject<T>(string shape)
        where T : class =>
        Fail<T>(StatusCodes.Status400BadRequest, "The body is not a JSON object.", $"The body must be a JSON object: {shape}");

    private static JsonBody<T> TooLarge<T>(int maxBytes)
        where T : class =>
        Fail<T>(StatusCodes.Status413PayloadTooLarge, "The body is too large.", string.Create(CultureInfo.InvariantCulture, $"The body may have at most {maxBytes:N0} bytes."));

    private static JsonBody<T> Fail<T>(int status, string title, string detail)
        where T : class =>
        new(null, ApiProblems.Problem(status, title, detail));
}

/// <summary>A request body read as <typeparamref name="T"/>, or the answer to give because it could not be.</summary>
internal readonly record struct JsonBody<T>(T? Value, ProblemHttpResult? Problem)
    where T : class;
