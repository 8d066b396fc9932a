using LiveCommerce.Edge;
using LiveCommerce.Hosting;

return await HostStartup.RunAsync(EdgeApplication.Create(args), Console.Error);
