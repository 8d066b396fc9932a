using System.Globalization;
using LiveCommerce.Cloud.Training;

const int Seed = 20261204;
const int Count = 20_000;

var output = "offer-propensity.onnx";
for (var i = 0; i < args.Length; i++)
{
    if (args[i] == "--out" && i + 1 < args.Length)
    {
        output = args[++i];
    }
    else
    {
        Console.Error.WriteLine("usage: LiveCommerce.Cloud.Training [--out PATH]");
        return 2;
    }
}

var trained = OfferPropensityTrainer.Train(OfferDataGenerator.Generate(Count, Seed), Seed);
var onnx = trained.ToOnnx();
var directory = Path.GetDirectoryName(Path.GetFullPath(output));
if (directory is not null)
{
    Directory.CreateDirectory(directory);
}
await File.WriteAllBytesAsync(output, onnx);

var metrics = trained.Metrics;
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"trained on {metrics.TrainCount} examples, held out {metrics.TestCount}: AUC {metrics.AreaUnderRocCurve:F4}, accuracy {metrics.Accuracy:F4}, log-loss {metrics.LogLoss:F4}"));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"wrote {output} ({onnx.Length} bytes)"));
return 0;
