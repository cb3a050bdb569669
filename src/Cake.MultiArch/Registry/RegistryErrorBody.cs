using System.Text;
using System.Text.Json;

namespace Cake.MultiArch.Registry;

/// <summary>The errors a registry returns in a failed response: <c>{"errors":[{"code":"MANIFEST_UNKNOWN","message":"..."}]}</c>.</summary>
internal sealed class RegistryErrorBody
{
    private RegistryErrorBody(IReadOnlyList<(string Code, string Message)> errors, string? text)
    {
        Errors = errors;
        Text = text;
    }

    /// <summary>The error codes and messages, in order.</summary>
    public IReadOnlyList<(string Code, string Message)> Errors { get; }

    /// <summary>The body as text when it was not the registry's JSON error form; trimmed and shortened.</summary>
    public string? Text { get; }

    /// <summary>The codes, such as <c>MANIFEST_UNKNOWN</c>.</summary>
    public IEnumerable<string> Codes => Errors.Select(e => e.Code);

    /// <summary>Whether one of the errors has the code.</summary>
    /// <param name="code">The code.</param>
    public bool Has(string code) => Errors.Any(e => e.Code.Equals(code, StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads an error body; never throws.</summary>
    /// <param name="body">The body's bytes.</param>
    public static RegistryErrorBody Parse(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object &&
                document.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                var list = new List<(string, string)>();
                foreach (var error in errors.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
                {
                    list.Add((StringOf(error, "code"), StringOf(error, "message")));
                }

                return new RegistryErrorBody(list, null);
            }
        }
        catch (JsonException)
        {
            // Not the JSON form: proxies and misconfigured servers answer with HTML or plain text.
        }

        var text = Encoding.UTF8.GetString(body).Trim();
        if (text.Length > 300)
        {
            text = text[..300] + "...";
        }

        return new RegistryErrorBody([], text.Length == 0 ? null : text);
    }

    /// <summary>The errors as one phrase: <c>MANIFEST_UNKNOWN (manifest unknown)</c>.</summary>
    public string? Describe() =>
        Errors.Count > 0
            ? string.Join("; ", Errors.Select(e => e.Message.Length == 0 ? e.Code : $"{e.Code} ({e.Message})"))
            : Text;

    private static string StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";
}
