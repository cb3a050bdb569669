using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Cake.MultiArch.Registry;

/// <summary>
/// One challenge of a <c>WWW-Authenticate</c> header, such as
/// <c>Bearer realm="https://auth.example/token",service="registry.example",scope="repository:app:pull"</c>.
/// </summary>
internal sealed class AuthenticationChallenge
{
    private AuthenticationChallenge(string scheme, IReadOnlyDictionary<string, string> parameters)
    {
        Scheme = scheme;
        Parameters = parameters;
    }

    /// <summary>The scheme: <c>Basic</c> or <c>Bearer</c> for registries.</summary>
    public string Scheme { get; }

    /// <summary>The parameters, keys compared without regard to case.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <summary>Whether this is a bearer (token) challenge.</summary>
    public bool IsBearer => Scheme.Equals("Bearer", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether this is a basic challenge.</summary>
    public bool IsBasic => Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase);

    /// <summary>The token service's address (<c>realm</c>), or <see langword="null"/>.</summary>
    public string? Realm => Parameters.GetValueOrDefault("realm");

    /// <summary>The <c>service</c> to name when asking for a token, or <see langword="null"/>.</summary>
    public string? Service => Parameters.GetValueOrDefault("service");

    /// <summary>The <c>scope</c> the registry asks for, or <see langword="null"/>.</summary>
    public string? Scope => Parameters.GetValueOrDefault("scope");

    /// <summary>The <c>error</c> parameter (<c>insufficient_scope</c>, <c>invalid_token</c>), or <see langword="null"/>.</summary>
    public string? Error => Parameters.GetValueOrDefault("error");

    /// <summary>Parses a header value that holds one challenge; returns <see langword="false"/> when it is not one.</summary>
    /// <param name="header">The header value.</param>
    /// <param name="challenge">The challenge.</param>
    public static bool TryParse(string? header, [NotNullWhen(true)] out AuthenticationChallenge? challenge)
    {
        challenge = ParseAll(header).FirstOrDefault();
        return challenge is not null;
    }

    /// <summary>
    /// Parses every challenge in a header value (RFC 7235: <c>scheme param="value", param=token, scheme2 ...</c>),
    /// with quoted strings that may hold commas and backslash escapes. Malformed parts are skipped.
    /// </summary>
    /// <param name="header">The header value.</param>
    public static IReadOnlyList<AuthenticationChallenge> ParseAll(string? header)
    {
        var challenges = new List<AuthenticationChallenge>();
        if (string.IsNullOrWhiteSpace(header))
        {
            return challenges;
        }

        var position = 0;
        string? scheme = null;
        var parameters = NewParameters();
        while (true)
        {
            SkipSeparators(header, ref position);
            if (position >= header.Length)
            {
                break;
            }

            var token = ReadToken(header, ref position);
            if (token.Length == 0)
            {
                // Not a token character: skip it rather than loop forever on garbage.
                position++;
                continue;
            }

            SkipSpaces(header, ref position);
            if (position < header.Length && header[position] == '=' && scheme is not null && !IsToken68Tail(header, position))
            {
                position++;
                SkipSpaces(header, ref position);
                var value = position < header.Length && header[position] == '"'
                    ? ReadQuoted(header, ref position)
                    : ReadToken(header, ref position);
                parameters[token] = value;
                continue;
            }

            if (scheme is not null)
            {
                challenges.Add(new AuthenticationChallenge(scheme, parameters));
                parameters = NewParameters();
            }

            scheme = token;
        }

        if (scheme is not null)
        {
            challenges.Add(new AuthenticationChallenge(scheme, parameters));
        }

        return challenges;
    }

    /// <summary>Shows the challenge as a header value would.</summary>
    public override string ToString() =>
        Scheme + (Parameters.Count == 0 ? "" : " " + string.Join(",", Parameters.Select(p => $"{p.Key}=\"{p.Value}\"")));

    private static Dictionary<string, string> NewParameters() => new(StringComparer.OrdinalIgnoreCase);

    // "Basic abc==" is a token68 credential, not a parameter; registries never send one, but stay safe.
    private static bool IsToken68Tail(string header, int equals)
    {
        var end = equals;
        while (end < header.Length && header[end] == '=')
        {
            end++;
        }

        return end - equals > 1;
    }

    private static void SkipSpaces(string header, ref int position)
    {
        while (position < header.Length && header[position] is ' ' or '\t')
        {
            position++;
        }
    }

    private static void SkipSeparators(string header, ref int position)
    {
        while (position < header.Length && header[position] is ' ' or '\t' or ',')
        {
            position++;
        }
    }

    private static string ReadToken(string header, ref int position)
    {
        var start = position;
        while (position < header.Length && IsTokenChar(header[position]))
        {
            position++;
        }

        return header[start..position];
    }

    private static string ReadQuoted(string header, ref int position)
    {
        var value = new StringBuilder();
        position++; // the opening quote
        while (position < header.Length && header[position] != '"')
        {
            if (header[position] == '\\' && position + 1 < header.Length)
            {
                position++;
            }

            value.Append(header[position]);
            position++;
        }

        position++; // the closing quote, if any
        return value.ToString();
    }

    // Looser than RFC 7230's tchar: some registries send unquoted URLs, so only the delimiters of this grammar end a token.
    private static bool IsTokenChar(char c) => c > ' ' && c < 127 && c is not ('"' or ',' or '=');
}
