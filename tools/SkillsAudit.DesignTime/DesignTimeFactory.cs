using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using SkillsAudit.Data;

namespace SkillsAudit.DesignTime;

/// <summary>
/// The context `dotnet ef dbcontext optimize` compiles: the model built from the configurations (never the compiled
/// one), for the provider that ConnectionStrings__Default names. Nothing connects to the database.
/// </summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AppDb>
{
    public AppDb CreateDbContext(string[] args)
    {
        var cs = Environment.GetEnvironmentVariable("ConnectionStrings__Default") is { Length: > 0 } c ? c : "Data Source=:memory:";
        var options = new DbContextOptionsBuilder<AppDb>();
        DbSetup.Configure(options, cs, compiledModel: false);
        return new AppDb(options.Options);
    }
}

public static class Program
{
    public static void Main() => Console.WriteLine("tools/compiled-model regenerates the compiled EF models with this project.");
}
