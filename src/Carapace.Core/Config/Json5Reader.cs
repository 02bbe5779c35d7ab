using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace Carapace.Core.Config;

/// <summary>
/// Reads JSON5 (comments, trailing commas, unquoted keys, single quotes, hex numbers) into a <see cref="JsonNode"/>
/// tree, recording the line of every value so config errors can name where they are. No JSON5 package is on NuGet.
/// </summary>
public sealed class Json5Reader
{
    private readonly string _text;
    private readonly Dictionary<string, int> _lines = new(StringComparer.Ordinal);
    private int _pos;
    private int _line = 1;
    private int _lineStart;

    private Json5Reader(string text) => _text = text;

    /// <summary>Parses a whole document; the root may be any value. Throws <see cref="Json5Exception"/> with line and column.</summary>
    public static (JsonNode? Root, IReadOnlyDictionary<string, int> Lines) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new Json5Reader(text);
        reader.SkipTrivia();
        var root = reader.ReadValue("");
        reader.SkipTrivia();
        if (reader._pos < text.Length)
        {
            throw reader.Error($"unexpected '{text[reader._pos]}' after the end of the document");
        }

        return (root, reader._lines);
    }

    private JsonNode? ReadValue(string path)
    {
        if (_pos >= _text.Length)
        {
            throw Error("unexpected end of input, expected a value");
        }

        _lines[path] = _line;
        var c = _text[_pos];
        return c switch
        {
            '{' => ReadObject(path),
            '[' => ReadArray(path),
            '"' or '\'' => JsonValue.Create(ReadString()),
            _ when c is '-' or '+' or '.' || char.IsAsciiDigit(c) => ReadNumber(),
            _ => ReadLiteral(),
        };
    }

    private JsonObject ReadObject(string path)
    {
        var obj = new JsonObject();
        _pos++;
        while (true)
        {
            SkipTrivia();
            if (Peek() == '}')
            {
                _pos++;
                return obj;
            }

            var keyLine = _line;
            var key = Peek() is '"' or '\'' ? ReadString() : ReadIdentifier();
            SkipTrivia();
            Expect(':');
            SkipTrivia();
            var childPath = path.Length == 0 ? key : path + "." + key;
            var value = ReadValue(childPath);
            _lines[childPath] = keyLine;
            obj[key] = value;
            SkipTrivia();
            if (Peek() == ',')
            {
                _pos++;
                continue;
            }

            if (Peek() == '}')
            {
                _pos++;
                return obj;
            }

            throw Error(_pos >= _text.Length ? "unterminated object, expected '}'" : $"expected ',' or '}}' but found '{_text[_pos]}'");
        }
    }

    private JsonArray ReadArray(string path)
    {
        var array = new JsonArray();
        _pos++;
        while (true)
        {
            SkipTrivia();
            if (Peek() == ']')
            {
                _pos++;
                return array;
            }

            array.Add(ReadValue($"{path}[{array.Count}]"));
            SkipTrivia();
            if (Peek() == ',')
            {
                _pos++;
                continue;
            }

            if (Peek() == ']')
            {
                _pos++;
                return array;
            }

            throw Error(_pos >= _text.Length ? "unterminated array, expected ']'" : $"expected ',' or ']' but found '{_text[_pos]}'");
        }
    }

    private string ReadString()
    {
        var quote = _text[_pos++];
        var sb = new StringBuilder();
        while (true)
        {
            if (_pos >= _text.Length)
            {
                throw Error("unterminated string");
            }

            var c = _text[_pos++];
            if (c == quote)
            {
                return sb.ToString();
            }

            if (c is '\n' or '\r')
            {
                throw Error("line break inside a string (end the line with '\\' to continue it)");
            }

            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }

            if (_pos >= _text.Length)
            {
                throw Error("unterminated string");
            }

            var e = _text[_pos++];
            switch (e)
            {
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 't': sb.Append('\t'); break;
                case 'b': sb.Append('\b'); break;
                case 'f': sb.Append('\f'); break;
                case 'v': sb.Append('\v'); break;
                case '0' when _pos >= _text.Length || !char.IsAsciiDigit(_text[_pos]): sb.Append('\0'); break;
                case 'x': sb.Append((char)ReadHex(2)); break;
                case 'u': sb.Append((char)ReadHex(4)); break;
                case '\r':
                    if (Peek() == '\n')
                    {
                        _pos++;
                    }

                    NewLine();
                    break;
                case '\n' or '\u2028' or '\u2029': NewLine(); break;
                case >= '1' and <= '9': throw Error($"invalid escape '\\{e}'");
                default: sb.Append(e); break;
            }
        }
    }

    private int ReadHex(int digits)
    {
        if (_pos + digits > _text.Length ||
            !int.TryParse(_text.AsSpan(_pos, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
        {
            throw Error($"expected {digits} hex digits in escape");
        }

        _pos += digits;
        return value;
    }

    private JsonNode ReadNumber()
    {
        var start = _pos;
        var negative = false;
        if (Peek() is '+' or '-')
        {
            negative = _text[_pos++] == '-';
        }

        if (Peek() is 'I' or 'N')
        {
            var word = ReadIdentifier();
            throw Error($"'{word}' is not allowed in configuration; use a finite number");
        }

        if (Peek() == '0' && _pos + 1 < _text.Length && _text[_pos + 1] is 'x' or 'X')
        {
            _pos += 2;
            var hexStart = _pos;
            while (_pos < _text.Length && char.IsAsciiHexDigit(_text[_pos]))
            {
                _pos++;
            }

            if (!long.TryParse(_text.AsSpan(hexStart, _pos - hexStart), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex))
            {
                throw Error("invalid hexadecimal number");
            }

            return JsonValue.Create(negative ? -hex : hex);
        }

        while (_pos < _text.Length && (char.IsAsciiDigit(_text[_pos]) || _text[_pos] is '.' or 'e' or 'E' ||
               (_text[_pos] is '+' or '-' && _text[_pos - 1] is 'e' or 'E')))
        {
            _pos++;
        }

        var span = _text.AsSpan(start, _pos - start);
        if (long.TryParse(span, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (double.TryParse(span, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
        {
            return JsonValue.Create(real);
        }

        throw Error($"invalid number '{span}'");
    }

    private JsonNode? ReadLiteral()
    {
        var word = ReadIdentifier();
        return word switch
        {
            "true" => JsonValue.Create(true),
            "false" => JsonValue.Create(false),
            "null" => null,
            "Infinity" or "NaN" => throw Error($"'{word}' is not allowed in configuration; use a finite number"),
            _ => throw Error($"unexpected '{word}' (strings need quotes)"),
        };
    }

    private string ReadIdentifier()
    {
        var start = _pos;
        while (_pos < _text.Length && (char.IsLetterOrDigit(_text[_pos]) || _text[_pos] is '_' or '$'))
        {
            _pos++;
        }

        if (_pos == start)
        {
            throw Error(_pos >= _text.Length ? "unexpected end of input" : $"unexpected '{_text[_pos]}'");
        }

        return _text[start.._pos];
    }

    private void SkipTrivia()
    {
        while (_pos < _text.Length)
        {
            var c = _text[_pos];
            if (c == '\n')
            {
                _pos++;
                NewLine();
            }
            else if (char.IsWhiteSpace(c) || c == '\uFEFF')
            {
                _pos++;
            }
            else if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '/')
            {
                while (_pos < _text.Length && _text[_pos] != '\n')
                {
                    _pos++;
                }
            }
            else if (c == '/' && _pos + 1 < _text.Length && _text[_pos + 1] == '*')
            {
                var end = _text.IndexOf("*/", _pos + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    throw Error("unterminated /* comment");
                }

                for (var i = _pos; i < end; i++)
                {
                    if (_text[i] == '\n')
                    {
                        _line++;
                        _lineStart = i + 1;
                    }
                }

                _pos = end + 2;
            }
            else
            {
                return;
            }
        }
    }

    private void NewLine()
    {
        _line++;
        _lineStart = _pos;
    }

    private char Peek() => _pos < _text.Length ? _text[_pos] : '\0';

    private void Expect(char c)
    {
        if (Peek() != c)
        {
            throw Error(_pos >= _text.Length ? $"unexpected end of input, expected '{c}'" : $"expected '{c}' but found '{_text[_pos]}'");
        }

        _pos++;
    }

    private Json5Exception Error(string message) => new(message, _line, _pos - _lineStart + 1);
}
