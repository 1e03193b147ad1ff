// The desired schema lives in schema.sql; `atlas migrate diff --env local <name>`
// writes the next file of migrations/ against a dev database.
env "local" {
  src = "file://schema.sql"
  url = getenv("DATABASE_URL")
  dev = "docker://postgres/17/dev?search_path=public"
  migration {
    dir = "file://migrations"
  }
}
