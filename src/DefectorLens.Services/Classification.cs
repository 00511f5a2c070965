using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using DefectorLens.Coding;
using DefectorLens.Coding.Evaluation;
using DefectorLens.Core;

namespace DefectorLens.Services;

/// <summary>One classified line: <c>{"id", "labels": [{"code", "confidence", "why"}]}</c>.</summary>
/// <param name="Id">The input line's id, or its line number when it had none.</param>
/// <param name="Labels">Its codes.</param>
public sealed record ClassifiedLine(string Id, IReadOnlyList<ClassifiedLabel> Labels);

/// <summary>One code of a classified line.</summary>
/// <param name="Code">The code id.</param>
/// <param name="Confidence">0 to 1.</param>
/// <param name="Why">The rules that fired and the features that weighed most.</param>
public sealed record ClassifiedLabel(string Code, double Confidence, string Why);

/// <summary>Classifies a stream of JSON Lines without a project: constant memory, every core, output in input order.</summary>
/// <remarks>
/// Lines are read in chunks; each chunk is classified on the thread pool by a session of its own worker, and the chunks'
/// results are written in the order they were read. The channel between reader and writer is bounded, so at most a few
/// chunks are in memory whatever the input's length. A bad line stops the run with its line number; the lines before it
/// have already been written, as a stream must.
/// </remarks>
public static class Classification
{
    private const int ChunkLines = 256;

    /// <summary>Reads <paramref name="input"/>, writes one JSON line per input line to <paramref name="output"/>, and returns how many it wrote.</summary>
    /// <exception cref="UserErrorException">A line is not a JSON object with a "text", or the input is empty.</exception>
    public static async Task<long> ClassifyAsync(
        TextReader input, string inputName, TextWriter output, AutoCoder coder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(coder);
        var workers = Environment.ProcessorCount;
        var sessions = new System.Collections.Concurrent.ConcurrentBag<AutoCoderSession>();
        var pending = Channel.CreateBounded<Task<ClassifiedChunk>>(new BoundedChannelOptions(workers * 2) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reading = Task.Run(() => ReadChunksAsync(input, inputName, pending.Writer, coder, sessions, stop.Token), stop.Token);
        long written = 0;
        try
        {
            await foreach (var chunk in pending.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                // One write per chunk: a write per line costs more than the line's JSON.
                var (text, lines) = await chunk.ConfigureAwait(false);
                await output.WriteAsync(text.AsMemory(), stop.Token).ConfigureAwait(false);
                written += lines;
            }
        }
        catch
        {
            await stop.CancelAsync().ConfigureAwait(false);
            throw;
        }
        finally
        {
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        await reading.ConfigureAwait(false);
        return written > 0 ? written : throw new UserErrorException(UserErrorKind.InvalidInput, Messages.InputEmpty(inputName));
    }

    private static async Task ReadChunksAsync(
        TextReader input, string inputName, ChannelWriter<Task<ClassifiedChunk>> pending, AutoCoder coder,
        System.Collections.Concurrent.ConcurrentBag<AutoCoderSession> sessions, CancellationToken cancellationToken)
    {
        try
        {
            var number = 0L;
            var chunk = new List<(long Number, string Line)>(ChunkLines);
            while (await input.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                number++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                chunk.Add((number, line));
                if (chunk.Count == ChunkLines)
                {
                    await pending.WriteAsync(Classify(chunk, inputName, coder, sessions), cancellationToken).ConfigureAwait(false);
                    chunk = new List<(long, string)>(ChunkLines);
                }
            }

            if (chunk.Count > 0)
            {
                await pending.WriteAsync(Classify(chunk, inputName, coder, sessions), cancellationToken).ConfigureAwait(false);
            }

            pending.Complete();
        }
        catch (Exception exception)
        {
            pending.Complete(exception);
        }
    }

    private static Task<ClassifiedChunk> Classify(
        List<(long Number, string Line)> chunk, string inputName, AutoCoder coder, System.Collections.Concurrent.ConcurrentBag<AutoCoderSession> sessions) =>
        Task.Run(() =>
        {
            var session = sessions.TryTake(out var idle) ? idle : coder.OpenSession();
            var buffer = new ArrayBufferWriter<byte>(chunk.Count * 256);
            using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ClassifiedJsonContext.Compact.Options.Encoder });
            try
            {
                foreach (var (number, text) in chunk)
                {
                    var (line, error) = JsonLine.Parse(text, requireLabels: false);
                    if (line is null)
                    {
                        throw new UserErrorException(UserErrorKind.InvalidInput, new InputError(inputName, (int)Math.Min(number, int.MaxValue), error!).ToString());
                    }

                    var labels = session.Label(line.Text, line.Language)
                        .Select(label => new ClassifiedLabel(label.Code.Value, Math.Round(label.Confidence, 4), label.Why))
                        .ToList();
                    var id = line.Id ?? number.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    JsonSerializer.Serialize(json, new ClassifiedLine(id, labels), ClassifiedJsonContext.Compact.ClassifiedLine);
                    json.Flush();
                    json.Reset();
                    buffer.Write(NewLine);
                }

                return new ClassifiedChunk(Encoding.UTF8.GetString(buffer.WrittenSpan), chunk.Count);
            }
            finally
            {
                sessions.Add(session);
            }
        });

    private static ReadOnlySpan<byte> NewLine => "\n"u8;

    /// <summary>The output of one chunk: its JSON lines, each ending with a line break, and how many there are.</summary>
    private sealed record ClassifiedChunk(string Text, int Lines);
}
