using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace LiveCommerce.Edge.Hosting;

/// <summary>Reading a JSON request body, and the 400 answers for one that is not readable or not valid.</summary>
public static class JsonRequests
{
    /// <summary>The body as <typeparamref name="T"/>, or null with <paramref name="error"/> saying why not.</summary>
    public static async Task<(T? Value, string Error)> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> type)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            return (null, "the body must be JSON (Content-Type: application/json)");
        }
        try
        {
            var value = await request.ReadFromJsonAsync(type, request.HttpContext.RequestAborted).ConfigureAwait(false);
            return value is null ? (null, "the body is empty") : (value, "");
        }
        catch (JsonException e)
        {
            return (null, "the body is not valid JSON: " + e.Message);
        }
    }

    /// <summary>400 with <c>{ "error": ... }</c>.</summary>
    public static IResult BadRequest(string error) => Results.Json(new ErrorResponse(error), HostingJsonContext.Default.ErrorResponse, statusCode: StatusCodes.Status400BadRequest);

    /// <summary>An error answer with <paramref name="status"/>.</summary>
    public static IResult Error(int status, string error) => Results.Json(new ErrorResponse(error), HostingJsonContext.Default.ErrorResponse, statusCode: status);
}
