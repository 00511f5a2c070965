using System.Text.Json.Serialization;

namespace DefectorLens.Services;

/// <summary>Source-generated serialisation of what the services store as JSON.</summary>
[JsonSerializable(typeof(Dictionary<string, double[]>))]
internal sealed partial class ServicesJsonContext : JsonSerializerContext;
