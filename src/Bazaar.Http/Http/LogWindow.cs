using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Bazaar.Http;

/// <summary>
/// Which part of a log <c>GET .../log</c> answers with: <c>?offset=N</c> (from byte N), or
/// <c>?tail=N</c> (the last N bytes), each with <c>?limit=N</c> (at most N bytes); <c>?download=1</c>
/// asks for it as an attachment. A viewer reads the tail first and follows a running step by offset.
/// <c>?find=TEXT</c> (with <c>offset</c> and <c>limit</c>) looks for TEXT in the log instead of sending it, so a viewer
/// that holds only a window can find in the whole log.
/// </summary>
internal sealed record LogWindow(long Offset, long? Tail, long? Limit, bool Download, string? Find = null)
{
    public const int MaxFind = 256;

    public const string Usage =
        "offset, tail and limit must be whole numbers (offset from 0, tail and limit from 1), and offset and tail not both given; download is 1 or 0; " +
        "find is 1 to 256 characters, with neither tail nor download.";

    public static LogWindow? Parse(IQueryCollection query)
    {
        if (!Number(query, "offset", 0, out var offset) || !Number(query, "tail", 1, out var tail) || !Number(query, "limit", 1, out var limit))
        {
            return null;
        }

        if (offset is not null && tail is not null)
        {
            return null;
        }

        var download = query.TryGetValue("download", out var d) ? d.ToString() : "0";
        string? find = query.TryGetValue("find", out var f) ? f.ToString() : null;
        if (find is not null && (find.Length is 0 or > MaxFind || tail is not null || download == "1"))
        {
            return null;
        }

        return download is "0" or "1" ? new LogWindow(offset ?? 0, tail, limit, download == "1", find) : null;
    }

    private static bool Number(IQueryCollection query, string name, long min, out long? value)
    {
        value = null;
        if (!query.TryGetValue(name, out var text))
        {
            return true;
        }

        if (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < min)
        {
            return false;
        }

        value = number;
        return true;
    }
}
