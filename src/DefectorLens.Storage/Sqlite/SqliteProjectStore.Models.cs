using System.Globalization;
using DefectorLens.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DefectorLens.Storage.Sqlite;

/// <summary>Trained models, versioned in the project.</summary>
internal sealed partial class SqliteProjectStore
{
    private const string ModelColumns = "version, trained_at, trainer, items, macro_f1, metrics";

    /// <inheritdoc />
    public async Task<int> SaveModelAsync(ModelDraft model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentException.ThrowIfNullOrWhiteSpace(model.Trainer);
        ArgumentNullException.ThrowIfNull(model.Bytes);
        const string insert = """
            INSERT INTO models (version, trained_at, trainer, items, macro_f1, metrics, bytes)
            VALUES ((SELECT coalesce(max(version), 0) + 1 FROM models), $at, $trainer, $items, $macroF1, $metrics, $bytes)
            RETURNING version
            """;
        return await WriteAsync("model.train", async (connection, transaction) =>
        {
            await using var statement = new Statement(connection, transaction, insert, "$at", "$trainer", "$items", "$macroF1", "$metrics", "$bytes");
            var version = Convert.ToInt32(
                await statement.ScalarAsync(
                    cancellationToken, Rows.TimeText(_clock.GetUtcNow()), model.Trainer, model.Items, model.MacroF1, model.Metrics, model.Bytes)
                    .ConfigureAwait(false),
                CultureInfo.InvariantCulture);
            var subject = string.Create(CultureInfo.InvariantCulture, $"model {version}: {model.Items} segments, macro-F1 {model.MacroF1:0.000}");
            await AppendAuditAsync(connection, transaction, "model.train", subject, cancellationToken).ConfigureAwait(false);
            return version;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoredModel?> GetModelAsync(int? version, CancellationToken cancellationToken)
    {
        const string sql = $"""
            SELECT {ModelColumns}, bytes FROM models
            WHERE $version IS NULL OR version = $version
            ORDER BY version DESC LIMIT 1
            """;
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var statement = new Statement(connection, null, sql, "$version");
        await using var reader = await statement.ReadAsync(cancellationToken, version).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new StoredModel(ReadModelSummary(reader), (byte[])reader.GetValue(6))
            : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ModelSummary>> GetModelsAsync(CancellationToken cancellationToken)
    {
        const string sql = $"SELECT {ModelColumns} FROM models ORDER BY version";
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var statement = new Statement(connection, null, sql);
        await using var reader = await statement.ReadAsync(cancellationToken).ConfigureAwait(false);
        var models = new List<ModelSummary>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            models.Add(ReadModelSummary(reader));
        }

        return models;
    }

    private static ModelSummary ReadModelSummary(SqliteDataReader reader) => new(
        reader.GetInt32(0), reader.ReadTime(1), reader.GetString(2), reader.GetInt32(3), reader.GetDouble(4), reader.GetString(5));
}
