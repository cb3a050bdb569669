using System.Text;

namespace Cake.MultiArch.Building;

/// <summary>
/// One <c>moby.buildkit.trace</c> message of a BuildKit build through the Engine API: BuildKit's
/// <c>StatusResponse</c> (protocol buffers), of which the steps (vertexes) and their output (logs) are read.
/// </summary>
/// <param name="Vertexes">The steps this message reports on.</param>
/// <param name="Logs">Output of steps.</param>
internal sealed record BuildKitStatus(IReadOnlyList<BuildKitVertex> Vertexes, IReadOnlyList<BuildKitLog> Logs)
{
    /// <summary>Reads a message; fields it does not know are skipped, as protocol buffers allow.</summary>
    /// <param name="message">The message's bytes.</param>
    /// <exception cref="FormatException">The bytes are not a protocol buffers message.</exception>
    public static BuildKitStatus Parse(ReadOnlySpan<byte> message)
    {
        var vertexes = new List<BuildKitVertex>();
        var logs = new List<BuildKitLog>();
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, 2):
                    vertexes.Add(ParseVertex(reader.Bytes()));
                    break;
                case (3, 2):
                    logs.Add(ParseLog(reader.Bytes()));
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return new BuildKitStatus(vertexes, logs);
    }

    private static BuildKitVertex ParseVertex(ReadOnlySpan<byte> message)
    {
        string digest = "", name = "", error = "";
        bool cached = false, started = false, completed = false;
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, 2):
                    digest = Encoding.UTF8.GetString(reader.Bytes());
                    break;
                case (3, 2):
                    name = Encoding.UTF8.GetString(reader.Bytes());
                    break;
                case (4, 0):
                    cached = reader.Varint() != 0;
                    break;
                case (5, 2):
                    reader.Bytes();
                    started = true;
                    break;
                case (6, 2):
                    reader.Bytes();
                    completed = true;
                    break;
                case (7, 2):
                    error = Encoding.UTF8.GetString(reader.Bytes());
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return new BuildKitVertex(digest, name, cached, started, completed, error);
    }

    private static BuildKitLog ParseLog(ReadOnlySpan<byte> message)
    {
        string vertex = "", text = "";
        var reader = new ProtoReader(message);
        while (reader.Next(out var field, out var wireType))
        {
            switch (field, wireType)
            {
                case (1, 2):
                    vertex = Encoding.UTF8.GetString(reader.Bytes());
                    break;
                case (4, 2):
                    text = Encoding.UTF8.GetString(reader.Bytes());
                    break;
                default:
                    reader.Skip(wireType);
                    break;
            }
        }

        return new BuildKitLog(vertex, text);
    }

    /// <summary>Reads the protocol buffers wire format: a key (field and wire type), then a value of that type.</summary>
    private ref struct ProtoReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private int _position;

        public bool Next(out int field, out int wireType)
        {
            if (_position >= _data.Length)
            {
                field = wireType = 0;
                return false;
            }

            var key = Varint();
            field = (int)(key >> 3);
            wireType = (int)(key & 7);
            return true;
        }

        public ulong Varint()
        {
            ulong value = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                if (_position >= _data.Length)
                {
                    throw new FormatException("A varint runs past the end of the message.");
                }

                var b = _data[_position++];
                value |= (ulong)(b & 0x7F) << shift;
                if (b < 0x80)
                {
                    return value;
                }
            }

            throw new FormatException("A varint is longer than 10 bytes.");
        }

        public ReadOnlySpan<byte> Bytes()
        {
            var length = Varint();
            if (length > (ulong)(_data.Length - _position))
            {
                throw new FormatException("A length-delimited field runs past the end of the message.");
            }

            var bytes = _data.Slice(_position, (int)length);
            _position += (int)length;
            return bytes;
        }

        public void Skip(int wireType)
        {
            switch (wireType)
            {
                case 0:
                    Varint();
                    break;
                case 1:
                    Advance(8);
                    break;
                case 2:
                    Bytes();
                    break;
                case 5:
                    Advance(4);
                    break;
                default:
                    throw new FormatException($"Wire type {wireType} is not one that BuildKit's status messages use.");
            }
        }

        private void Advance(int count)
        {
            if (_position + count > _data.Length)
            {
                throw new FormatException("A fixed-size field runs past the end of the message.");
            }

            _position += count;
        }
    }
}
