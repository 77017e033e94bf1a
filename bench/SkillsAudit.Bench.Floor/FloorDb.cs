using Microsoft.EntityFrameworkCore;

namespace SkillsAudit.Bench.Floor;

/// <summary>One table, counted by the one page.</summary>
public sealed class FloorDb(DbContextOptions<FloorDb> options) : DbContext(options)
{
    public DbSet<Item> Items => Set<Item>();
}

public sealed class Item
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
}
