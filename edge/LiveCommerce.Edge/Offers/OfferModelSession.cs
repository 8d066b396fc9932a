using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace LiveCommerce.Edge.Offers;

/// <summary>
/// One loaded offer-propensity ONNX model: its session and how the features map onto its inputs.
/// ML.NET exports one float input of shape [N, 1] per feature column, named after the column, and the
/// calibrated probability as <c>Probability.output</c>.
/// </summary>
internal sealed class OfferModelSession : IDisposable
{
    private static readonly long[] s_shape = [1, 1];
    private static readonly string[] s_probabilityOutputs = ["Probability.output", "Probability"];

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    private OfferModelSession(InferenceSession session, string[] inputNames, string probabilityOutput, string version)
    {
        _session = session;
        _inputNames = inputNames;
        _outputNames = [probabilityOutput];
        Version = version;
    }

    public string Version { get; }

    /// <summary>Loads <paramref name="onnx"/> and checks that its inputs and output are the ones the edge can feed and read.</summary>
    /// <exception cref="InvalidDataException">The bytes are not an ONNX model of the expected shape.</exception>
    public static OfferModelSession Load(byte[] onnx, string version)
    {
        InferenceSession session;
        try
        {
            session = new InferenceSession(onnx);
        }
        catch (OnnxRuntimeException exception)
        {
            throw new InvalidDataException($"not a loadable ONNX model: {exception.Message}", exception);
        }
        try
        {
            var probe = default(OfferFeatures);
            var inputNames = new List<string>();
            foreach (var (name, metadata) in session.InputMetadata)
            {
                if (!probe.TryGet(name, out _))
                {
                    throw new InvalidDataException($"model input '{name}' is not an offer feature");
                }
                if (metadata.ElementDataType != TensorElementType.Float || metadata.Dimensions is not [_, 1])
                {
                    throw new InvalidDataException($"model input '{name}' is not a float tensor of shape [N, 1]");
                }
                inputNames.Add(name);
            }
            var output = s_probabilityOutputs.FirstOrDefault(session.OutputMetadata.ContainsKey)
                ?? throw new InvalidDataException("model has no Probability output");
            if (session.OutputMetadata[output].ElementDataType != TensorElementType.Float)
            {
                throw new InvalidDataException($"model output '{output}' is not a float tensor");
            }
            return new OfferModelSession(session, [.. inputNames], output, version);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>The probability of acceptance; thread-safe (ONNX Runtime sessions can run concurrently).</summary>
    public float Score(OfferFeatures features)
    {
        var inputs = new OrtValue[_inputNames.Length];
        try
        {
            for (var i = 0; i < _inputNames.Length; i++)
            {
                features.TryGet(_inputNames[i], out var value);
                inputs[i] = OrtValue.CreateTensorValueFromMemory(new[] { value }, s_shape);
            }
            using var outputs = _session.Run(_runOptions, _inputNames, inputs, _outputNames);
            return outputs[0].GetTensorDataAsSpan<float>()[0];
        }
        finally
        {
            foreach (var input in inputs)
            {
                input?.Dispose();
            }
        }
    }

    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }
}
