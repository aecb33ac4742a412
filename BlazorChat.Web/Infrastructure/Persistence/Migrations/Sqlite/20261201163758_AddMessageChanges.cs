using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorChat.Web.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddMessageChanges : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "Deleted",
                table: "Messages",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "EditedAt",
                table: "Messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "LastReplyAt",
                table: "Messages",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Mentions",
                table: "Messages",
                type: "TEXT",
                maxLength: 2048,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReplyCount",
                table: "Messages",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ReplyTo",
                table: "Messages",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "Version",
                table: "Messages",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0L);

            // Messages stored before edits existed never changed: their latest change is their posting.
            migrationBuilder.Sql("UPDATE \"Messages\" SET \"Version\" = \"Rev\";");

            migrationBuilder.CreateTable(
                name: "MessageChanges",
                columns: table => new
                {
                    Conversation = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Rev = table.Column<long>(type: "INTEGER", nullable: false),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    User = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Emoji = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    On = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MessageChanges", x => new { x.Conversation, x.Rev });
                });

            migrationBuilder.CreateTable(
                name: "Reactions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    MessageId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    User = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Emoji = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    EmojiRev = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Reactions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_Conversation_Rev",
                table: "Messages",
                columns: new[] { "Conversation", "Rev" });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_ReplyTo_Seq",
                table: "Messages",
                columns: new[] { "ReplyTo", "Seq" });

            migrationBuilder.CreateIndex(
                name: "IX_Reactions_MessageId_User_Emoji",
                table: "Reactions",
                columns: new[] { "MessageId", "User", "Emoji" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "MessageChanges");

            migrationBuilder.DropTable(
                name: "Reactions");

            migrationBuilder.DropIndex(
                name: "IX_Messages_Conversation_Rev",
                table: "Messages");

            migrationBuilder.DropIndex(
                name: "IX_Messages_ReplyTo_Seq",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "Deleted",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "EditedAt",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "LastReplyAt",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "Mentions",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "ReplyCount",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "ReplyTo",
                table: "Messages");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Messages");
        }
    }
}
