using System.Diagnostics.CodeAnalysis;
using Microsoft.Data.Sqlite;

namespace DefectorLens.Storage.Sqlite;

/// <summary>A command with named parameters, prepared once and executed many times inside one transaction.</summary>
/// <remarks>Values are always bound as parameters: no value ever becomes part of the SQL text.</remarks>
internal sealed class Statement : IAsyncDisposable
{
    private readonly SqliteCommand _command;
    private readonly SqliteParameter[] _parameters;

    [SuppressMessage("Security", "CA2100:Review SQL queries for security vulnerabilities",
        Justification = "Every caller passes a constant SQL text from this assembly; values are bound as parameters.")]
    public Statement(SqliteConnection connection, SqliteTransaction? transaction, string sql, params ReadOnlySpan<string> parameterNames)
    {
        _command = connection.CreateCommand();
        _command.Transaction = transaction;
        _command.CommandText = sql;
        _parameters = new SqliteParameter[parameterNames.Length];
        for (var i = 0; i < parameterNames.Length; i++)
        {
            _parameters[i] = _command.Parameters.Add(new SqliteParameter { ParameterName = parameterNames[i] });
        }
    }

    /// <summary>Runs the statement and returns how many rows it changed.</summary>
    public Task<int> ExecuteAsync(CancellationToken cancellationToken, params ReadOnlySpan<object?> values)
    {
        Bind(values);
        return _command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs the statement and returns the first column of the first row, or null when there is none.</summary>
    public Task<object?> ScalarAsync(CancellationToken cancellationToken, params ReadOnlySpan<object?> values)
    {
        Bind(values);
        return ScalarAsync(cancellationToken);
    }

    /// <summary>Runs the statement for its rows.</summary>
    public Task<SqliteDataReader> ReadAsync(CancellationToken cancellationToken, params ReadOnlySpan<object?> values)
    {
        Bind(values);
        return _command.ExecuteReaderAsync(cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _command.DisposeAsync();

    private async Task<object?> ScalarAsync(CancellationToken cancellationToken)
    {
        var value = await _command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return value is DBNull ? null : value;
    }

    private void Bind(ReadOnlySpan<object?> values)
    {
        if (values.Length != _parameters.Length)
        {
            throw new ArgumentException($"expected {_parameters.Length} values, got {values.Length}", nameof(values));
        }

        for (var i = 0; i < values.Length; i++)
        {
            _parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}
