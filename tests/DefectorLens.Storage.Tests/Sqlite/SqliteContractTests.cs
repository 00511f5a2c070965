using DefectorLens.Storage.Tests.Contract;

namespace DefectorLens.Storage.Tests.Sqlite;

/// <summary>The store contract on SQLite files.</summary>
public sealed class SqliteProjectStoreTests() : ProjectStoreContract(() => new SqliteHarness());

/// <summary>The ingestion contract on SQLite files.</summary>
public sealed class SqliteIngestionTests() : IngestionContract(() => new SqliteHarness());

/// <summary>The exchange contract on SQLite files.</summary>
public sealed class SqliteExchangeTests() : ExchangeContract(() => new SqliteHarness());

/// <summary>The analysis summary contract on SQLite files.</summary>
public sealed class SqliteAnalysisTests() : AnalysisContract(() => new SqliteHarness());

/// <summary>The review contract on SQLite files.</summary>
public sealed class SqliteReviewTests() : ReviewContract(() => new SqliteHarness());
