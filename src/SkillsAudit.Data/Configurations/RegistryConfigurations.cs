using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using SkillsAudit.Domain.Registry;

namespace SkillsAudit.Data.Configurations;

internal static class Converters
{
    public static readonly ValueConverter<CreditCode, string> CreditCode = new(v => v.Value, v => Domain.Registry.CreditCode.Parse(v));
    public static readonly ValueConverter<FilingNumber, string> FilingNumber = new(v => v.Value, v => Domain.Registry.FilingNumber.Parse(v));
    public static readonly ValueConverter<PartialDate, string> PartialDate = new(v => v.ToIso(), v => Domain.Registry.PartialDate.Parse(v, "date"));
}

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> b)
    {
        b.ToTable("Regions");
        b.HasKey(r => r.Code);
        b.Property(r => r.Code).HasMaxLength(6);
        b.Property(r => r.Name).HasMaxLength(50).IsRequired();
        b.Property(r => r.Level).HasConversion<string>().HasMaxLength(10);
        b.Property(r => r.ParentCode).HasMaxLength(6);
        b.Ignore(r => r.DescendantPrefix);
    }
}

internal sealed class OccupationConfiguration : IEntityTypeConfiguration<Occupation>
{
    public void Configure(EntityTypeBuilder<Occupation> b)
    {
        b.ToTable("Occupations");
        b.HasKey(o => o.Code);
        b.Property(o => o.Code).HasMaxLength(32);
        b.Property(o => o.Name).HasMaxLength(100).IsRequired();
        b.Property(o => o.Kind).HasConversion<string>().HasMaxLength(20);
        b.Property<string>("_levelCodes").HasColumnName("Levels").HasMaxLength(20).IsRequired();
        b.Ignore(o => o.Levels);
        b.HasIndex(o => o.Name);
    }
}

internal sealed class LegalEntityConfiguration : IEntityTypeConfiguration<LegalEntity>
{
    public void Configure(EntityTypeBuilder<LegalEntity> b)
    {
        b.ToTable("LegalEntities");
        b.HasKey(e => e.Id);
        b.Property(e => e.Name).HasMaxLength(LegalEntity.MaxNameLength).IsRequired();
        b.Property(e => e.CreditCode).HasConversion(Converters.CreditCode).HasMaxLength(18);
        b.Property(e => e.Address).HasMaxLength(LegalEntity.MaxAddressLength);
        b.Property(e => e.LegalRepresentative).HasMaxLength(LegalEntity.MaxRepresentativeLength);
        b.HasIndex(e => e.Name);
        b.HasIndex(e => e.CreditCode).IsUnique();
        b.HasMany(e => e.Aliases).WithOne().HasForeignKey(a => a.LegalEntityId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(e => e.Aliases).HasField("_aliases").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasMany(e => e.Filings).WithOne(f => f.LegalEntity).HasForeignKey(f => f.LegalEntityId).OnDelete(DeleteBehavior.Restrict);
        b.Navigation(e => e.Filings).HasField("_filings").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class EntityAliasConfiguration : IEntityTypeConfiguration<EntityAlias>
{
    public void Configure(EntityTypeBuilder<EntityAlias> b)
    {
        b.ToTable("EntityAliases");
        b.HasKey(a => a.Id);
        b.Property(a => a.Name).HasMaxLength(LegalEntity.MaxNameLength).IsRequired();
        b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(10);
        b.Property(a => a.Source).HasMaxLength(200);
        b.HasIndex(a => a.Name);
        b.HasIndex(a => a.LegalEntityId);
    }
}

internal sealed class FilingConfiguration : IEntityTypeConfiguration<Filing>
{
    public void Configure(EntityTypeBuilder<Filing> b)
    {
        b.ToTable("Filings");
        b.HasKey(f => f.Id);
        b.Property(f => f.Number).HasConversion(Converters.FilingNumber).HasMaxLength(13);
        b.Property(f => f.Type).HasConversion<string>().HasMaxLength(20);
        b.Property(f => f.Supervision).HasConversion<string>().HasMaxLength(10);
        b.Property(f => f.RegionCode).HasMaxLength(6).IsRequired();
        b.Property(f => f.FiledOn).HasConversion(Converters.PartialDate).HasMaxLength(10);
        b.Property(f => f.PeriodEnd).HasConversion(Converters.PartialDate).HasMaxLength(10);
        b.Property(f => f.Status).HasConversion<string>().HasMaxLength(20);
        b.Property(f => f.Notes).HasMaxLength(1000);
        b.Property(f => f.Source).HasMaxLength(200);
        b.Property(f => f.Version).IsConcurrencyToken();
        b.HasIndex(f => f.Number).IsUnique();
        b.HasIndex(f => f.RegionCode);
        b.HasIndex(f => f.LegalEntityId);
        b.HasOne<Region>().WithMany().HasForeignKey(f => f.RegionCode).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(f => f.Scope).WithOne().HasForeignKey(s => s.FilingId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(f => f.Scope).HasField("_scope").UsePropertyAccessMode(PropertyAccessMode.Field);
        b.HasMany(f => f.History).WithOne().HasForeignKey(h => h.FilingId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(f => f.History).HasField("_history").UsePropertyAccessMode(PropertyAccessMode.Field);
    }
}

internal sealed class FilingScopeItemConfiguration : IEntityTypeConfiguration<FilingScopeItem>
{
    public void Configure(EntityTypeBuilder<FilingScopeItem> b)
    {
        b.ToTable("FilingScopeItems");
        b.HasKey(s => s.Id);
        b.Property(s => s.OccupationCode).HasMaxLength(32).IsRequired();
        b.Property(s => s.Level).HasConversion<string>().HasMaxLength(10);
        b.HasIndex(s => new { s.FilingId, s.OccupationCode, s.Level }).IsUnique();
        b.HasIndex(s => s.OccupationCode);
        b.HasOne<Occupation>().WithMany().HasForeignKey(s => s.OccupationCode).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class FilingHistoryConfiguration : IEntityTypeConfiguration<FilingHistoryEntry>
{
    public void Configure(EntityTypeBuilder<FilingHistoryEntry> b)
    {
        b.ToTable("FilingHistory");
        b.HasKey(h => h.Id);
        b.Property(h => h.Actor).HasMaxLength(100).IsRequired();
        b.Property(h => h.Action).HasMaxLength(FilingHistoryEntry.MaxActionLength).IsRequired();
        b.Property(h => h.Field).HasMaxLength(50).IsRequired();
        b.Property(h => h.Before).HasMaxLength(2000);
        b.Property(h => h.After).HasMaxLength(2000);
        b.HasIndex(h => h.FilingId);
    }
}

internal sealed class UserFilingConfiguration : IEntityTypeConfiguration<UserFiling>
{
    public void Configure(EntityTypeBuilder<UserFiling> b)
    {
        b.ToTable("UserFilings");
        b.HasKey(u => new { u.UserId, u.FilingId });
        b.Property(u => u.UserId).HasMaxLength(450);
        b.HasOne<AppUser>().WithMany().HasForeignKey(u => u.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Filing>().WithMany().HasForeignKey(u => u.FilingId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(u => u.FilingId);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("AuditLog");
        b.HasKey(a => a.Id);
        b.Property(a => a.Actor).HasMaxLength(100).IsRequired();
        b.Property(a => a.EntityType).HasMaxLength(100).IsRequired();
        b.Property(a => a.EntityKey).HasMaxLength(100).IsRequired();
        b.Property(a => a.Action).HasMaxLength(10).IsRequired();
        b.Property(a => a.Operation).HasMaxLength(100);
        b.Property(a => a.ClientAddress).HasMaxLength(64);
        b.HasIndex(a => a.Actor);
        b.HasIndex(a => a.At);
        b.HasIndex(a => new { a.EntityType, a.EntityKey });
    }
}

internal sealed class AppUserConfiguration : IEntityTypeConfiguration<AppUser>
{
    public void Configure(EntityTypeBuilder<AppUser> b)
    {
        b.Property(u => u.DisplayName).HasMaxLength(100).IsRequired();
        b.Property(u => u.RegionCode).HasMaxLength(6);
    }
}

// Accounts and the roster (issue 11); the schema is built by migration M0009_Accounts.
internal sealed class PasswordHistoryConfiguration : IEntityTypeConfiguration<PasswordHistoryEntry>
{
    public void Configure(EntityTypeBuilder<PasswordHistoryEntry> b)
    {
        b.ToTable("PasswordHistory");
        b.HasKey(x => x.Id);
        b.Property(x => x.UserId).IsRequired();
        b.Property(x => x.PasswordHash).IsRequired();
        b.HasOne<AppUser>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.UserId);
    }
}

internal sealed class RosterPersonConfiguration : IEntityTypeConfiguration<SkillsAudit.Domain.People.RosterPerson>
{
    public void Configure(EntityTypeBuilder<SkillsAudit.Domain.People.RosterPerson> b)
    {
        b.ToTable("RosterPeople");
        b.HasKey(x => x.Id);
        b.Property(x => x.Name).HasMaxLength(SkillsAudit.Domain.People.RosterPerson.MaxName).IsRequired();
        b.Property(x => x.Organisation).HasMaxLength(SkillsAudit.Domain.People.RosterPerson.MaxOrganisation).IsRequired();
        b.Property(x => x.RegionCode).HasMaxLength(6).IsRequired();
        b.Property(x => x.Specialities).HasMaxLength(1000).IsRequired();
        b.Property(x => x.UserName).HasMaxLength(256);
        b.Property(x => x.Phone).HasMaxLength(30);
        b.HasOne<LegalEntity>().WithMany().HasForeignKey(x => x.EmployerEntityId).OnDelete(DeleteBehavior.Restrict);
        b.HasMany(x => x.Conflicts).WithOne().HasForeignKey(c => c.RosterPersonId).OnDelete(DeleteBehavior.Cascade);
        b.Navigation(x => x.Conflicts).UsePropertyAccessMode(PropertyAccessMode.Field);
        b.Ignore(x => x.SpecialityCodes);
        b.HasIndex(x => new { x.Name, x.Organisation }).IsUnique();
    }
}

internal sealed class RosterConflictConfiguration : IEntityTypeConfiguration<SkillsAudit.Domain.People.RosterConflict>
{
    public void Configure(EntityTypeBuilder<SkillsAudit.Domain.People.RosterConflict> b)
    {
        b.ToTable("RosterConflicts");
        b.HasKey(x => x.Id);
        b.HasOne<Filing>().WithMany().HasForeignKey(x => x.FilingId).OnDelete(DeleteBehavior.Restrict);
        b.HasIndex(x => new { x.RosterPersonId, x.FilingId }).IsUnique();
    }
}
