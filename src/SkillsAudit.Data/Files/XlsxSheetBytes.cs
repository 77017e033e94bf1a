// Long on purpose: the worksheet rows' byte parser is one piece (tokenizer, its XML rules, the row/cell walk mirroring the XmlReader path's).
using System.Buffers;
using System.Text;
using System.Xml;

namespace SkillsAudit.Data.Files;

/// <summary>
/// The rows of a worksheet read straight from the part's UTF-8 bytes: a forward-only parser over a buffer filled from
/// the zip entry in large chunks, searching with vectorised IndexOf/IndexOfAny, a cell's reference, type and style
/// read from the bytes, no string per cell, characters decoded only for values. It walks the elements exactly as the
/// XmlReader path does (same local names, same nesting, the same shared rules for numbers, types, limits and
/// messages), so that a sheet reads the same either way; tests compare the two on many generated sheets.
/// <para>
/// Whether a sheet is read this way is decided in <see cref="StartBytes"/>, before any row is handed out: the part must
/// be UTF-8 (no other encoding declared, no UTF-16 byte order mark), have no document type declaration, and be
/// well-formed up to &lt;sheetData&gt; with every prefix declared; otherwise it is read by the XmlReader, which also
/// gives its messages (the DTD refusal among them). Prefixed elements are read, not sent back to the XmlReader: the
/// Open XML SDK writes &lt;x:worksheet xmlns:x="…"&gt;&lt;x:row&gt;…, and so do <see cref="XlsxWriter"/> (the
/// application's own exports) and the 1 M-row benchmark sheet. The XmlReader path tells elements apart by local name
/// whatever their namespace, so this path does the same, with prefix declarations scoped to their elements as
/// namespaces are (an undeclared prefix is an error, as with the XmlReader). Anything malformed met after sheetData's
/// start (a mismatched or unclosed tag, an undeclared prefix, an unknown entity, a character XML does not allow,
/// invalid UTF-8, the data ending inside an element, a second root) is an error naming the file, sheet and row: rows
/// already handed out cannot be taken back, so nothing is guessed and nothing is handed back to the XmlReader midway.
/// Where the XmlReader is stricter and this path is not (left out on purpose, none changes what a well-formed sheet
/// reads as): two attributes whose different prefixes name the same namespace go unnoticed; a single tag, comment or
/// CDATA section over 16 MiB (or eight bytes per character of the cell limit) is refused here, where the XmlReader
/// reads it (texts are read piece by piece, as the XmlReader path reads them, and refused at the cell limit).
/// </para>
/// </summary>
public sealed partial class XlsxStreamReader
{
    /// <summary>Bytes asked of the part per read (tests use a few, so that every boundary falls inside a tag, an entity, a character).</summary>
    internal int ChunkBytes { get; set; } = 64 * 1024;

    /// <summary>False: every sheet through the XmlReader path (the tests' reference).</summary>
    internal bool RowsFromBytes { get; set; } = true;

    /// <summary>Whether the current sheet is read from its bytes.</summary>
    internal bool ReadingBytes => _bytes;

    private enum Node : byte { Eof, Start, End, Text, CData }

    private static readonly SearchValues<byte> TextStops = SearchValues.Create("<&>"u8);
    private static readonly SearchValues<byte> DecodeStops = SearchValues.Create("&\r>"u8);
    private static readonly SearchValues<byte> CDataStops = SearchValues.Create("\r"u8);
    private static readonly SearchValues<byte> AttributeStops = SearchValues.Create("&\t\n\r"u8);
    /// <summary>Control characters XML 1.0 does not allow (all but tab, line feed, carriage return).</summary>
    private static readonly SearchValues<byte> NotXml = SearchValues.Create(
        [0, 1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]);

    private bool _bytes;
    private byte[] _buf = [];
    private int _pos, _avail, _end, _skip; // token start; end of the bytes checked (UTF-8, XML characters); end of the bytes read; the current token's length
    private bool _partDone;
    private string? _badBytes; // why the bytes from _avail on cannot be read

    // the current start tag (relative to _pos): its name, whether it closes itself, its attributes
    private int _nameLength, _localStart;
    private bool _selfClosing;
    private int _attributeCount;
    private (int Name, int NameLength, int Local, int Value, int ValueLength)[] _attributes = new (int, int, int, int, int)[8];

    // the open elements' names, and the prefixes declared on them with their depth
    private byte[] _openNames = new byte[256];
    private int[] _nameEnds = new int[32];
    private int _depth;
    private bool _rootSeen;
    private readonly List<(byte[] Prefix, int Depth)> _prefixes = [];

    // decoded text and attribute values
    private char[] _text = new char[256];
    private int _textLength;
    private char[] _value = new char[64];

    private int MaxToken => (int)Math.Min(1L << 30, Math.Max(16L << 20, 8L * _limits.MaxCellChars));

    private static XmlException Bad(string why) => new(why);

    private static XmlException Ended() => Bad("数据在元素结束前意外终止");

    /// <summary>
    /// Starts reading the current sheet's part from its bytes: its prologue up to &lt;sheetData&gt; (the dimension
    /// noted on the way). False when the part is one for the XmlReader (see the class remarks); the caller reopens it.
    /// </summary>
    private bool StartBytes(Stream part)
    {
        // twice a chunk, so that a chunk is read whole after the token it cut has been moved to the start (tests' tiny chunks: a small buffer that grows)
        if (_buf.Length == 0) _buf = new byte[ChunkBytes < 1024 ? 16 : 2 * ChunkBytes];
        _pos = _avail = _end = _skip = 0;
        _partDone = false;
        _badBytes = null;
        _depth = 0;
        _rootSeen = false;
        _prefixes.Clear();
        _bytePart = part;
        try
        {
            if (!More(3)) return false;
            if (_buf[0] == 0xEF && _buf[1] == 0xBB && _buf[2] == 0xBF) _pos = 3; // UTF-8's byte order mark
            if (StartsWith("<?xml") && More(5) && IsSpace(_buf[_pos + 5]) && !Declaration()) return false;
            while (true)
            {
                var node = Next();
                if (node == Node.Eof) return false;
                if (node != Node.Start) continue; // text and CDATA come only inside the root, and only after sheetData's start in a worksheet
                if (Local.SequenceEqual("dimension"u8) && Attribute("ref"u8) is var d and >= 0) Dimension(AttributeValue(d, int.MaxValue));
                if (Local.SequenceEqual("sheetData"u8))
                {
                    _bytes = true;
                    return true;
                }
            }
        }
        catch (XmlException)
        {
            return false; // malformed before any row: the XmlReader path reads the part and says what is wrong
        }
    }

    private Stream? _bytePart;

    /// <summary>The XML declaration: version 1.0, UTF-8 or no encoding stated; false otherwise.</summary>
    private bool Declaration()
    {
        var end = Seek(5, (byte)'>');
        if (end < 0 || _buf[_pos + end - 1] != '?') return false;
        var declaration = _buf.AsSpan(_pos, end + 1);
        var i = Attributes(declaration, 5);
        if (i < 0 || declaration[i] != '?' || i != end - 1) return false;
        for (var a = 0; a < _attributeCount; a++)
        {
            var (name, nameLength, _, value, valueLength) = _attributes[a];
            var n = declaration.Slice(name, nameLength);
            var v = Encoding.ASCII.GetString(declaration.Slice(value, valueLength));
            var fine = n.SequenceEqual("version"u8) ? v == "1.0"
                : n.SequenceEqual("encoding"u8) ? v.Equals("utf-8", StringComparison.OrdinalIgnoreCase)
                : n.SequenceEqual("standalone"u8) && v is "yes" or "no";
            if (!fine) return false;
        }
        _pos += end + 1;
        return true;
    }

    /// <summary>The next row of the sheet, walked as <see cref="ReadCells"/> walks it: any &lt;row&gt; met, by local name.</summary>
    private bool RowFromBytes()
    {
        while (true)
        {
            switch (Next())
            {
                case Node.Eof: return false;
                case Node.Text: SkipText(); continue;
                case Node.CData: SkipCData(); continue;
                case Node.End: continue;
            }
            if (!Local.SequenceEqual("row"u8)) continue;
            var r = Attribute("r"u8);
            return HandOut(RowNumber(r >= 0, r >= 0 ? AttributeValue(r, _chars.Length) : []));
        }
    }

    /// <summary>The cells of the row whose start tag is current: every &lt;c&gt; inside it, at any depth (as the XmlReader path).</summary>
    private void CellsFromBytes(int number, bool pending)
    {
        if (_selfClosing) return;
        var depth = _depth;
        var next = 0;
        while (true)
        {
            switch (Next())
            {
                case Node.End: if (_depth < depth) return; continue;
                case Node.Text: SkipText(); continue;
                case Node.CData: SkipCData(); continue;
                case Node.Eof: throw Ended();
            }
            var local = Local;
            if (local.Length != 1 || local[0] != 'c') continue;
            var col = -1;
            string? type = null;
            var style = default(XlsxNumberFormat);
            _referenceLength = 0;
            for (var a = 0; a < _attributeCount; a++)
            {
                var (_, _, localName, _, localLength) = Name(a);
                if (localLength != 1) continue;
                switch (_buf[_pos + localName])
                {
                    case (byte)'r':
                        var r = AttributeValue(a, _reference.Length);
                        for (var i = 0; i < r.Length; i++) _reference[i] = r[i];
                        _referenceLength = r.Length;
                        col = ColumnOf(r);
                        break;
                    case (byte)'t': type = CellType(AttributeValue(a, _chars.Length)); break;
                    case (byte)'s': style = StyleOf(AttributeValue(a, _chars.Length), style); break;
                }
            }
            col = CellColumn(col, ref next, number);
            var (kind, value, text) = CellFromBytes(type, col, number);
            Keep(pending, col, kind, value, text, style);
        }
    }

    /// <summary>The value of the &lt;c&gt; whose start tag is current, as <see cref="ReadCell"/> reads it; reads to its end.</summary>
    private (XlsxCellKind, double, string?) CellFromBytes(string? type, int col, int rowNumber)
    {
        if (_selfClosing) return (XlsxCellKind.Blank, 0, null);
        var depth = _depth;
        var kind = XlsxCellKind.Blank;
        double number = 0;
        string? text = null;
        while (true)
        {
            switch (Next())
            {
                case Node.End: if (_depth < depth) return (kind, number, text); continue;
                case Node.Text: SkipText(); continue;
                case Node.CData: SkipCData(); continue;
                case Node.Eof: throw Ended();
            }
            var local = Local;
            if (local.SequenceEqual("v"u8))
            {
                if (_selfClosing) continue;
                if (type is null or "n" or "s" or "b") Value(type, FirstChars(), ref kind, ref number, ref text);
                else
                {
                    text = TextOf(_limits.MaxCellChars);
                    kind = type == "e" ? XlsxCellKind.Error : XlsxCellKind.Text;
                }
            }
            else if (local.SequenceEqual("is"u8))
            {
                text = RichTextFromBytes();
                kind = XlsxCellKind.Text;
            }
            else if (local.SequenceEqual("f"u8)) NoteFormula(Formula(), col, rowNumber);
            else if (!_selfClosing) SkipElement();
        }
    }

    /// <summary>
    /// What the XmlReader path's Chars() gives after a &lt;v&gt;: the next node, consumed whatever it is; when it is
    /// text, its first 64 characters.
    /// </summary>
    private ReadOnlySpan<char> FirstChars()
    {
        switch (Next())
        {
            case Node.Text:
                _textLength = 0;
                AppendText(int.MaxValue, keep: _chars.Length);
                return _text.AsSpan(0, Math.Min(_textLength, _chars.Length));
            case Node.CData: SkipCData(); break;
            case Node.Eof: throw Ended();
        }
        return [];
    }

    /// <summary>The text of the element whose start tag is current (text and CDATA, child elements left out), as ReadText; reads to its end.</summary>
    private string TextOf(int max)
    {
        var depth = _depth;
        _textLength = 0;
        while (true)
        {
            switch (Next())
            {
                case Node.Text: AppendText(max); break;
                case Node.CData: AppendCData(max); break;
                case Node.Start: if (!_selfClosing) SkipElement(); break;
                case Node.End: if (_depth < depth) return Pooled(_text.AsSpan(0, _textLength)); break;
                default: throw Ended();
            }
        }
    }

    /// <summary>An &lt;is&gt;: its &lt;t&gt; runs at any depth, phonetic runs (&lt;rPh&gt;) left out, as <see cref="RichText"/>.</summary>
    private string RichTextFromBytes()
    {
        if (_selfClosing) return "";
        var depth = _depth;
        var runs = new Runs();
        while (true)
        {
            switch (Next())
            {
                case Node.End: if (_depth < depth) return runs.Text; continue;
                case Node.Text: SkipText(); continue;
                case Node.CData: SkipCData(); continue;
                case Node.Eof: throw Ended();
            }
            var local = Local;
            if (local.SequenceEqual("rPh"u8)) { if (!_selfClosing) SkipElement(); }
            else if (local.SequenceEqual("t"u8) && !_selfClosing)
            {
                runs.Add(TextOf(_limits.MaxCellChars - runs.Length));
                if (runs.Length > _limits.MaxCellChars) throw RichTextTooLong();
            }
        }
    }

    /// <summary>An &lt;f&gt;'s text, as ReadElementContentAsString: "" when empty, an element inside it an error.</summary>
    private string Formula()
    {
        if (_selfClosing) return "";
        var depth = _depth;
        var noted = Formulas.Count < MaxFormulasNoted;
        _textLength = 0;
        while (true)
        {
            switch (Next())
            {
                case Node.Text: if (noted) AppendText(int.MaxValue); else SkipText(); break;
                case Node.CData: if (noted) AppendCData(int.MaxValue); else SkipCData(); break;
                case Node.End: return noted ? new string(_text, 0, _textLength) : "";
                case Node.Start: throw Bad("公式中不能含有元素");
                default: throw Ended();
            }
        }
    }

    /// <summary>Past the end of the element whose start tag is current (not self-closing), its content checked but not read.</summary>
    private void SkipElement()
    {
        var depth = _depth;
        while (true)
        {
            switch (Next())
            {
                case Node.Text: SkipText(); break;
                case Node.CData: SkipCData(); break;
                case Node.End: if (_depth < depth) return; break;
                case Node.Eof: throw Ended();
            }
        }
    }

    // ---- the tokenizer ----

    /// <summary>The current start tag's local name (after its prefix).</summary>
    private ReadOnlySpan<byte> Local => _buf.AsSpan(_pos + _localStart, 1 + _nameLength - _localStart);

    private (int Name, int NameLength, int Local, int Value, int LocalLength) Name(int a)
    {
        var (name, length, local, value, _) = _attributes[a];
        return (name, length, local, value, name + length - local);
    }

    /// <summary>The current start tag's attribute of that (qualified) name, -1 when it has none.</summary>
    private int Attribute(ReadOnlySpan<byte> name)
    {
        for (var a = 0; a < _attributeCount; a++)
            if (_buf.AsSpan(_pos + _attributes[a].Name, _attributes[a].NameLength).SequenceEqual(name)) return a;
        return -1;
    }

    /// <summary>
    /// An attribute's value (entities resolved, tab and line ends as spaces as XML normalises them), its first
    /// <paramref name="max"/> characters, as ReadValueChunk gives them into a buffer of that size.
    /// </summary>
    private ReadOnlySpan<char> AttributeValue(int a, int max)
    {
        var raw = _buf.AsSpan(_pos + _attributes[a].Value, _attributes[a].ValueLength);
        if (raw.Length <= _value.Length && raw.Length <= max)
        {
            // most values: ASCII, nothing to resolve or normalise
            var i = 0;
            for (; i < raw.Length; i++)
            {
                var b = raw[i];
                if (b >= 0x80 || b is (byte)'&' or (byte)'\t' or (byte)'\n' or (byte)'\r') break;
                _value[i] = (char)b;
            }
            if (i == raw.Length) return _value.AsSpan(0, raw.Length);
        }
        var length = 0;
        var at = 0;
        while (at < raw.Length)
        {
            var k = raw[at..].IndexOfAny(AttributeStops);
            var plain = k < 0 ? raw[at..] : raw.Slice(at, k);
            EnsureValue(length + plain.Length + 2);
            length += Encoding.UTF8.GetChars(plain, _value.AsSpan(length));
            if (k < 0) break;
            at += k;
            switch (raw[at])
            {
                case (byte)'&':
                    at += Entity(raw, at, out var code);
                    EnsureValue(length + 2);
                    length += new Rune(code).EncodeToUtf16(_value.AsSpan(length));
                    break;
                case (byte)'\r':
                    _value[length++] = ' ';
                    at += at + 1 < raw.Length && raw[at + 1] == '\n' ? 2 : 1;
                    break;
                default: // tab, line feed
                    _value[length++] = ' ';
                    at++;
                    break;
            }
        }
        return _value.AsSpan(0, Math.Min(length, max));
    }

    private void EnsureValue(int length)
    {
        if (length > _value.Length) Array.Resize(ref _value, Math.Max(length, _value.Length * 2));
    }

    /// <summary>
    /// The next node. A start or end tag is read whole (the open elements and declared prefixes kept); text and
    /// CDATA are left for the caller to read or skip; comments and processing instructions are passed over; outside
    /// the root only white space may stand.
    /// </summary>
    private Node Next()
    {
        _pos += _skip;
        _skip = 0;
        while (true)
        {
            if (!More(0))
            {
                if (_depth > 0 || !_rootSeen) throw Ended();
                return Node.Eof;
            }
            if (_buf[_pos] != '<')
            {
                if (_depth > 0) return Node.Text;
                OutsideText();
                continue;
            }
            if (!More(1)) throw Ended();
            switch (_buf[_pos + 1])
            {
                case (byte)'/':
                    EndTag();
                    return Node.End;
                case (byte)'?':
                    Instruction();
                    continue;
                case (byte)'!':
                    if (StartsWith("<!--")) { Comment(); continue; }
                    if (_depth > 0 && StartsWith("<![CDATA[")) return Node.CData;
                    throw Bad("含有不支持的标记（如文档类型定义）");
                default:
                    StartTag();
                    return Node.Start;
            }
        }
    }

    /// <summary>Whether the byte at <paramref name="rel"/> (from the token's start) has been read, reading more when not.</summary>
    private bool More(int rel)
    {
        while (_pos + rel >= _avail)
            if (!Fill()) return false;
        return true;
    }

    private bool StartsWith(string ascii)
    {
        if (!More(ascii.Length - 1)) return false;
        for (var i = 0; i < ascii.Length; i++)
            if (_buf[_pos + i] != ascii[i]) return false;
        return true;
    }

    /// <summary>The first <paramref name="b"/> at or after <paramref name="rel"/> (from the token's start), reading more as needed; -1 at the end of the part.</summary>
    private int Seek(int rel, byte b)
    {
        while (true)
        {
            var k = _buf.AsSpan(_pos + rel, _avail - _pos - rel).IndexOf(b);
            if (k >= 0) return rel + k;
            rel = _avail - _pos;
            if (!Fill()) return -1;
        }
    }

    private int SeekAny(int rel, SearchValues<byte> values)
    {
        while (true)
        {
            var k = _buf.AsSpan(_pos + rel, _avail - _pos - rel).IndexOfAny(values);
            if (k >= 0) return rel + k;
            rel = _avail - _pos;
            if (!Fill()) return -1;
        }
    }

    /// <summary>
    /// Reads more of the part, keeping the current token (from _pos) at the buffer's start; false at its end. New
    /// bytes are checked (UTF-8, characters XML allows) before the parser sees them; a character cut by the chunk's
    /// end waits for the next read.
    /// </summary>
    private bool Fill()
    {
        if (_badBytes is not null) throw Bad(_badBytes);
        if (_partDone) return false;
        if (_pos > 0)
        {
            Buffer.BlockCopy(_buf, _pos, _buf, 0, _end - _pos);
            _end -= _pos;
            _avail -= _pos;
            _pos = 0;
        }
        if (_end == _buf.Length)
        {
            if (_buf.Length >= MaxToken) throw Bad($"单个标记或文本超过 {MaxToken:N0} 字节");
            Array.Resize(ref _buf, (int)Math.Min(MaxToken, _buf.Length * 2L));
        }
        var n = _bytePart!.Read(_buf, _end, Math.Min(_buf.Length - _end, ChunkBytes));
        if (n == 0)
        {
            _partDone = true;
            if (_end > _avail) throw Bad(_badBytes = "含有无效的 UTF-8 字节");
            return false;
        }
        _end += n;
        Check();
        return true;
    }

    /// <summary>Moves _avail over the new bytes that are complete, valid UTF-8 of characters XML 1.0 allows; notes why it stops otherwise.</summary>
    private void Check()
    {
        var span = _buf.AsSpan(_avail, _end - _avail);
        // a character cut by the end of what was read
        for (var j = span.Length - 1; j >= 0 && j >= span.Length - 4; j--)
        {
            var b = span[j];
            if ((b & 0xC0) == 0x80) continue;
            var need = b < 0xC0 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
            if (j + need > span.Length) span = span[..j];
            break;
        }
        var control = span.IndexOfAny(NotXml);
        var good = control < 0 ? span : span[..control];
        var invalid = -1;
        if (!System.Text.Unicode.Utf8.IsValid(good))
        {
            var at = 0;
            while (Rune.DecodeFromUtf8(good[at..], out _, out var used) == OperationStatus.Done) at += used;
            invalid = at;
            good = good[..at];
        }
        // U+FFFE and U+FFFF (EF BF BE, EF BF BF) are not XML characters either
        for (var from = 0; good[from..].IndexOf(NonCharacterLead) is var k and >= 0; from += k + 1)
        {
            if (from + k + 2 < good.Length && good[from + k + 2] is 0xBE or 0xBF)
            {
                invalid = from + k;
                good = good[..invalid];
                break;
            }
        }
        _avail += good.Length;
        if (invalid >= 0) _badBytes = "含有无效的 UTF-8 字节或 XML 不允许的字符";
        else if (control >= 0) _badBytes = "含有 XML 不允许的字符";
    }

    private static ReadOnlySpan<byte> NonCharacterLead => [0xEF, 0xBF];

    private static bool IsSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r';

    /// <summary>Text outside the root: only white space.</summary>
    private void OutsideText()
    {
        while (More(0) && _buf[_pos] != '<')
        {
            if (!IsSpace(_buf[_pos])) throw Bad(_rootSeen ? "根元素之后不能有内容" : "根元素之前不能有文本");
            _pos++;
        }
    }

    /// <summary>
    /// A start tag, read in one pass over the bytes at hand (read again from its start, with more bytes, when they end
    /// inside it): its name, its attributes, its prefixes declared and checked, its name kept while it is open.
    /// </summary>
    private void StartTag()
    {
        if (_depth == 0 && _rootSeen) throw Bad("根元素之后不能有内容");
        int end;
        while ((end = ParseStartTag(_buf.AsSpan(_pos, _avail - _pos))) < 0)
            if (!Fill()) throw Ended();
        var tag = _buf.AsSpan(_pos, end + 1);
        var depth = _depth + 1;
        if (_declares)
        {
            // prefixes declared on the element apply to its own name and attributes
            for (var a = 0; a < _attributeCount; a++)
            {
                var (name, length, local, _, valueLength) = _attributes[a];
                if (local > name && tag.Slice(name, local - name - 1).SequenceEqual("xmlns"u8))
                {
                    var prefix = tag.Slice(local, name + length - local);
                    if (valueLength == 0) throw Bad($"命名空间前缀“{Encoding.UTF8.GetString(prefix)}”不能声明为空");
                    _prefixes.Add((prefix.ToArray(), depth));
                    _prefixesChanged++;
                }
            }
        }
        if (_localStart > 1) Declared(tag.Slice(1, _localStart - 2), element: true);
        for (var a = 1; a < _attributeCount; a++)
        {
            var (name, length, _, _, _) = _attributes[a];
            for (var b = 0; b < a; b++)
                if (_attributes[b].NameLength == length && tag.Slice(_attributes[b].Name, length).SequenceEqual(tag.Slice(name, length)))
                    throw Bad($"属性“{Encoding.UTF8.GetString(tag.Slice(name, length))}”重复");
        }
        if (_prefixedAttributes)
        {
            for (var a = 0; a < _attributeCount; a++)
            {
                var (name, _, local, _, _) = _attributes[a];
                if (local > name && !tag.Slice(name, local - name - 1).SequenceEqual("xmlns"u8)) Declared(tag.Slice(name, local - name - 1), element: false);
            }
        }
        if (_selfClosing) Undeclare(depth);
        else Push(tag.Slice(1, _nameLength));
        if (depth == 1) _rootSeen = true;
        _skip = end + 1;
    }

    private bool _declares, _prefixedAttributes;
    private int _prefixesChanged, _prefixesChecked = -1;
    private byte[] _prefixChecked = [];

    /// <summary>The start tag at the span's start: the offset of its &gt;, -1 when the span ends first.</summary>
    private int ParseStartTag(ReadOnlySpan<byte> span)
    {
        var (nameLength, colon) = QName(span, 1);
        if (nameLength < 0) return -1;
        _nameLength = nameLength;
        _localStart = colon < 0 ? 1 : 1 + colon + 1;
        var at = Attributes(span, 1 + nameLength);
        if (at < 0) return -1;
        switch (span[at])
        {
            case (byte)'>':
                _selfClosing = false;
                return at;
            case (byte)'/':
                if (at + 1 >= span.Length) return -1;
                if (span[at + 1] != '>') throw Bad("标记格式错误");
                _selfClosing = true;
                return at + 1;
            default: throw Bad("标记格式错误");
        }
    }

    private void Declared(ReadOnlySpan<byte> prefix, bool element)
    {
        if (_prefixesChecked == _prefixesChanged && prefix.SequenceEqual(_prefixChecked)) return;
        if (prefix.SequenceEqual("xml"u8)) return;
        for (var p = _prefixes.Count - 1; p >= 0; p--)
        {
            if (!prefix.SequenceEqual(_prefixes[p].Prefix)) continue;
            _prefixChecked = _prefixes[p].Prefix;
            _prefixesChecked = _prefixesChanged;
            return;
        }
        throw Bad($"{(element ? "元素" : "属性")}的命名空间前缀“{Encoding.UTF8.GetString(prefix)}”未声明");
    }

    private void Undeclare(int depth)
    {
        while (_prefixes.Count > 0 && _prefixes[^1].Depth >= depth)
        {
            _prefixes.RemoveAt(_prefixes.Count - 1);
            _prefixesChanged++;
        }
    }

    private void Push(ReadOnlySpan<byte> name)
    {
        var start = _depth == 0 ? 0 : _nameEnds[_depth - 1];
        if (start + name.Length > _openNames.Length) Array.Resize(ref _openNames, Math.Max(_openNames.Length * 2, start + name.Length));
        if (_depth == _nameEnds.Length) Array.Resize(ref _nameEnds, _depth * 2);
        for (var i = 0; i < name.Length; i++) _openNames[start + i] = name[i];
        _nameEnds[_depth++] = start + name.Length;
    }

    /// <summary>
    /// The attributes from <paramref name="i"/> (after a name) into _attributes (offsets from the span's start): the
    /// offset of what ends them (&gt;, / or ?), -1 when the span ends first. Each value is checked: no &lt;, entities known.
    /// </summary>
    private int Attributes(ReadOnlySpan<byte> span, int i)
    {
        _attributeCount = 0;
        _declares = _prefixedAttributes = false;
        while (true)
        {
            var spaced = i;
            while (i < span.Length && IsSpace(span[i])) i++;
            if (i >= span.Length) return -1;
            if (span[i] is (byte)'>' or (byte)'/' or (byte)'?') return i;
            if (i == spaced) throw Bad("属性之前缺少空白");
            var name = i;
            var (length, colon) = QName(span, i);
            if (length < 0) return -1;
            i += length;
            while (i < span.Length && IsSpace(span[i])) i++;
            if (i >= span.Length) return -1;
            if (span[i] != '=') throw Bad("属性缺少“=”");
            i++;
            while (i < span.Length && IsSpace(span[i])) i++;
            if (i >= span.Length) return -1;
            var quote = span[i];
            if (quote is not ((byte)'"' or (byte)'\'')) throw Bad("属性值缺少引号");
            var value = i + 1;
            var at = value;
            while (true)
            {
                // values are short: a plain loop costs less than a vectorised search
                while (at < span.Length && span[at] != quote && span[at] != '<' && span[at] != '&') at++;
                if (at >= span.Length) return -1;
                var b = span[at];
                if (b == quote) break;
                if (b == '<') throw Bad("属性值中不能含有“<”");
                var semicolon = span[at..].IndexOf((byte)';');
                if (semicolon < 0) return -1;
                at += Entity(span[..(at + semicolon + 1)], at, out _);
            }
            if (_attributeCount == _attributes.Length) Array.Resize(ref _attributes, _attributes.Length * 2);
            _attributes[_attributeCount++] = (name, length, colon < 0 ? name : name + colon + 1, value, at - value);
            if (colon >= 0) _prefixedAttributes = true;
            if (length >= 5 && span[name] == 'x' && span.Slice(name, 5).SequenceEqual("xmlns"u8) && (length == 5 || colon == 5)) _declares = true;
            i = at + 1;
        }
    }

    /// <summary>Per byte of a name: 0 not in a name, 1 within one (digits, - and .), 2 may start one, 3 the colon, 4 a byte of a non-ASCII character.</summary>
    private static ReadOnlySpan<byte> NameBytes => [
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 0, 0, 0, 0, 0,
        0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 2,
        0, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0, 0, 0,
        4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
        4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
        4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
        4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4,
    ];

    /// <summary>
    /// A qualified name at <paramref name="i"/>: its length and the colon's offset in it (-1 without a prefix); -1 as
    /// its length when the span ends inside it; an invalid name is an error.
    /// </summary>
    private static (int Length, int Colon) QName(ReadOnlySpan<byte> span, int i)
    {
        var start = i;
        var colon = -1;
        var wide = false;
        while (true)
        {
            if (i >= span.Length) return (-1, -1);
            var c = NameBytes[span[i]];
            if (c == 0) break;
            if (c == 3)
            {
                if (colon >= 0) throw Bad("名称中不能有多个冒号");
                colon = i - start;
            }
            else if (c == 4) wide = true;
            i++;
        }
        var length = i - start;
        if (length == 0 || colon == 0 || colon == length - 1) throw Bad("名称无效");
        if (!wide)
        {
            if (NameBytes[span[start]] != 2 || NameBytes[span[start + colon + 1]] != 2) throw Bad("名称无效");
        }
        else
        {
            try
            {
                if (colon >= 0) XmlConvert.VerifyNCName(Encoding.UTF8.GetString(span.Slice(start, colon)));
                XmlConvert.VerifyNCName(Encoding.UTF8.GetString(span.Slice(start + colon + 1, length - colon - 1)));
            }
            catch (XmlException) { throw Bad("名称无效"); }
        }
        return (length, colon);
    }

    private static bool Same(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length) return false;
        for (var i = 0; i < a.Length; i++)
            if (a[i] != b[i]) return false;
        return true;
    }

    private void EndTag()
    {
        if (_depth == 0) throw Bad("多余的结束标记");
        var start = _depth == 1 ? 0 : _nameEnds[_depth - 2];
        var open = _openNames.AsSpan(start, _nameEnds[_depth - 1] - start);
        // most often: </name> as opened
        if (More(2 + open.Length) && _buf[_pos + 2 + open.Length] == '>' && Same(_buf.AsSpan(_pos + 2, open.Length), open))
        {
            _skip = 3 + open.Length;
        }
        else
        {
            var end = Seek(2, (byte)'>');
            if (end < 0) throw Ended();
            var tag = _buf.AsSpan(_pos, end + 1);
            var (length, _) = QName(tag, 2);
            for (var i = 2 + length; i < end; i++)
                if (!IsSpace(tag[i])) throw Bad("结束标记格式错误");
            var name = tag.Slice(2, length);
            if (!open.SequenceEqual(name)) throw Bad($"结束标记“{Encoding.UTF8.GetString(name)}”与开始标记“{Encoding.UTF8.GetString(open)}”不匹配");
            _skip = end + 1;
        }
        if (_prefixes.Count > 0) Undeclare(_depth);
        _depth--;
    }

    private void Comment()
    {
        var i = 4;
        while (true)
        {
            var k = Seek(i, (byte)'-');
            if (k < 0 || !More(k + 1)) throw Ended();
            if (_buf[_pos + k + 1] == '-')
            {
                if (!More(k + 2)) throw Ended();
                if (_buf[_pos + k + 2] != '>') throw Bad("注释中不能含有“--”");
                _pos += k + 3;
                return;
            }
            i = k + 1;
        }
    }

    private void Instruction()
    {
        var i = 2;
        int end;
        while (true)
        {
            end = Seek(i, (byte)'>');
            if (end < 0) throw Ended();
            if (_buf[_pos + end - 1] == '?' && end >= 3) break;
            i = end + 1;
        }
        var pi = _buf.AsSpan(_pos, end + 1);
        var (length, colon) = QName(pi, 2);
        if (colon >= 0 || (length == 3 && Encoding.ASCII.GetString(pi.Slice(2, 3)).Equals("xml", StringComparison.OrdinalIgnoreCase))) throw Bad("处理指令的名称无效");
        if (2 + length != end - 1 && !IsSpace(pi[2 + length])) throw Bad("处理指令格式错误");
        _pos += end + 1;
    }

    /// <summary>
    /// The entity at <paramref name="at"/> (an &amp;) in <paramref name="s"/>: its length and the character it
    /// stands for; an unknown entity, a malformed reference or a character XML does not allow is an error.
    /// </summary>
    private static int Entity(ReadOnlySpan<byte> s, int at, out int code)
    {
        var semicolon = s[at..].IndexOf((byte)';');
        if (semicolon < 2) throw Bad("实体引用格式错误");
        var name = s.Slice(at + 1, semicolon - 1);
        code = name switch
        {
            _ when name.SequenceEqual("amp"u8) => '&',
            _ when name.SequenceEqual("lt"u8) => '<',
            _ when name.SequenceEqual("gt"u8) => '>',
            _ when name.SequenceEqual("quot"u8) => '"',
            _ when name.SequenceEqual("apos"u8) => '\'',
            _ when name[0] == '#' => CharacterReference(name[1..]),
            _ => throw Bad($"未定义的实体“&{Encoding.UTF8.GetString(name)};”"),
        };
        return semicolon + 1;
    }

    private static int CharacterReference(ReadOnlySpan<byte> digits)
    {
        var hex = digits.Length > 0 && digits[0] == 'x';
        if (hex) digits = digits[1..];
        if (digits.Length == 0) throw Bad("字符引用格式错误");
        long code = 0;
        foreach (var b in digits)
        {
            int d = b switch
            {
                >= (byte)'0' and <= (byte)'9' => b - '0',
                >= (byte)'a' and <= (byte)'f' when hex => b - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' when hex => b - 'A' + 10,
                _ => throw Bad("字符引用格式错误"),
            };
            code = code * (hex ? 16 : 10) + d;
            if (code > 0x10FFFF) throw Bad("字符引用超出范围");
        }
        if (!(code is 0x9 or 0xA or 0xD or (>= 0x20 and <= 0xD7FF) or (>= 0xE000 and <= 0xFFFD) or (>= 0x10000 and <= 0x10FFFF)))
            throw Bad("字符引用指向 XML 不允许的字符");
        return (int)code;
    }

    /// <summary>Passes over the text at _pos (to the next &lt;), checking its entities and that it holds no ]]&gt;.</summary>
    private void SkipText()
    {
        var i = 0;
        while (true)
        {
            var k = _buf.AsSpan(_pos + i, _avail - _pos - i).IndexOfAny(TextStops);
            if (k < 0)
            {
                // the text goes on past what was read: keep only its last two bytes (a ]] before a > to come)
                var keep = Math.Min(2, _avail - _pos);
                _pos = _avail - keep;
                i = keep;
                if (!Fill()) throw Ended();
                continue;
            }
            i += k;
            switch (_buf[_pos + i])
            {
                case (byte)'<':
                    _pos += i;
                    return;
                case (byte)'>':
                    if (i >= 2 && _buf[_pos + i - 1] == ']' && _buf[_pos + i - 2] == ']') throw Bad("文本中不能含有“]]>”");
                    i++;
                    break;
                default:
                    var semicolon = Seek(i, (byte)';');
                    if (semicolon < 0) throw Ended();
                    i += Entity(_buf.AsSpan(_pos, semicolon + 1), i, out _);
                    break;
            }
        }
    }

    /// <summary>Appends the text at _pos (to the next &lt;) to _text, decoded: entities resolved, line ends as line feeds.</summary>
    private void AppendText(int max, int keep = int.MaxValue)
    {
        // most values: a few ASCII characters, nothing to resolve, up to the next <
        var at = _buf.AsSpan(_pos, Math.Min(_avail - _pos, 64));
        for (var j = 0; j < at.Length; j++)
        {
            var b = at[j];
            if (b == '<')
            {
                EnsureText(_textLength + j);
                for (var i = 0; i < j; i++) _text[_textLength + i] = (char)at[i];
                _textLength += j;
                if (_textLength > max) throw CellTooLong();
                _pos += j;
                return;
            }
            if (b >= 0x80 || b is (byte)'&' or (byte)'\r' or (byte)'>') break;
        }
        AppendDecoded(max, keep);
    }

    private void AppendDecoded(int max, int keep)
    {
        // piece by piece as read: a text of hundreds of megabytes is refused at the cell limit, never held
        while (true)
        {
            var available = _buf.AsSpan(_pos, _avail - _pos);
            var lt = available.IndexOf((byte)'<');
            var end = lt >= 0 ? lt : Settled(available);
            Decode(available[..end], max);
            _pos += end;
            if (lt >= 0) return;
            if (_textLength >= keep)
            {
                SkipText();
                return;
            }
            if (!Fill()) throw Ended();
        }
    }

    /// <summary>
    /// How much of a text that goes on past the bytes read can be decoded now: not an entity whose ; is still to
    /// come, nor a last CR (its LF may follow) or ]] (its &gt; may follow).
    /// </summary>
    private static int Settled(ReadOnlySpan<byte> s)
    {
        var end = s.Length;
        var amp = s.LastIndexOf((byte)'&');
        if (amp >= 0 && s[amp..].IndexOf((byte)';') < 0) end = amp;
        for (var n = 0; n < 2 && end > 0 && s[end - 1] is (byte)'\r' or (byte)']'; n++) end--;
        return end;
    }

    /// <summary>Appends the text bytes decoded: entities resolved, line ends as line feeds; within <paramref name="max"/> characters.</summary>
    private void Decode(ReadOnlySpan<byte> run, int max)
    {
        var at = 0;
        while (true)
        {
            var k = run[at..].IndexOfAny(DecodeStops);
            var plain = k < 0 ? run[at..] : run.Slice(at, k);
            EnsureText(_textLength + plain.Length + 2);
            if (plain.Length <= 32 && plain.IndexOfAnyInRange((byte)0x80, (byte)0xFF) < 0)
            {
                for (var i = 0; i < plain.Length; i++) _text[_textLength + i] = (char)plain[i];
                _textLength += plain.Length;
            }
            else _textLength += Encoding.UTF8.GetChars(plain, _text.AsSpan(_textLength));
            if (_textLength > max) throw CellTooLong();
            if (k < 0) break;
            at += k;
            switch (run[at])
            {
                case (byte)'\r':
                    _text[_textLength++] = '\n';
                    at += at + 1 < run.Length && run[at + 1] == '\n' ? 2 : 1;
                    break;
                case (byte)'>':
                    if (at >= 2 && run[at - 1] == ']' && run[at - 2] == ']') throw Bad("文本中不能含有“]]>”");
                    _text[_textLength++] = '>';
                    at++;
                    break;
                default:
                    at += Entity(run, at, out var code);
                    _textLength += new Rune(code).EncodeToUtf16(_text.AsSpan(_textLength));
                    break;
            }
            if (_textLength > max) throw CellTooLong();
        }
    }

    private void EnsureText(int length)
    {
        if (length > _text.Length) Array.Resize(ref _text, Math.Max(length, _text.Length * 2));
    }

    /// <summary>The end of the CDATA section at _pos: the offset of its ]]&gt;.</summary>
    private int CDataEnd()
    {
        var i = 9;
        while (true)
        {
            var k = Seek(i, (byte)'>');
            if (k < 0) throw Ended();
            if (k >= 11 && _buf[_pos + k - 1] == ']' && _buf[_pos + k - 2] == ']') return k - 2;
            i = k + 1;
        }
    }

    private void SkipCData() => _pos += CDataEnd() + 3;

    /// <summary>Appends a CDATA section's characters to _text (line ends as line feeds).</summary>
    private void AppendCData(int max)
    {
        var end = CDataEnd();
        var content = _buf.AsSpan(_pos + 9, end - 9);
        EnsureText(_textLength + content.Length);
        var at = 0;
        while (true)
        {
            var k = content[at..].IndexOfAny(CDataStops);
            var plain = k < 0 ? content[at..] : content.Slice(at, k);
            _textLength += Encoding.UTF8.GetChars(plain, _text.AsSpan(_textLength));
            if (k < 0) break;
            at += k;
            _text[_textLength++] = '\n';
            at += at + 1 < content.Length && content[at + 1] == '\n' ? 2 : 1;
        }
        if (_textLength > max) throw CellTooLong();
        _pos += end + 3;
    }
}
