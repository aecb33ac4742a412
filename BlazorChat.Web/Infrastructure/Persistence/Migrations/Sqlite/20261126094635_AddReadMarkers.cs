using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace BlazorChat.Web.Infrastructure.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AddReadMarkers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ReadMarkers",
                columns: table => new
                {
                    UserKey = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Conversation = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    LastReadSeq = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReadMarkers", x => new { x.UserKey, x.Conversation });
                });

            migrationBuilder.CreateIndex(
                name: "IX_Messages_To_Conversation_Seq",
                table: "Messages",
                columns: new[] { "To", "Conversation", "Seq" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReadMarkers");

            migrationBuilder.DropIndex(
                name: "IX_Messages_To_Conversation_Seq",
                table: "Messages");
        }
    }
}
