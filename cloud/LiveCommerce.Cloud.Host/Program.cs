using LiveCommerce.Cloud;
using LiveCommerce.Hosting;

return await HostStartup.RunAsync(CloudApplication.Create(args), Console.Error);
