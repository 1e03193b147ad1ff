package migrations

import (
	"context"
	"database/sql"

	"github.com/pressly/goose/v3"
)

func init() {
	goose.AddMigrationContext(upBackfillTeamSlugs, downBackfillTeamSlugs)
}

// Team slugs used to be typed by hand; derive the missing ones from the name.
func upBackfillTeamSlugs(ctx context.Context, tx *sql.Tx) error {
	_, err := tx.ExecContext(ctx, `UPDATE teams SET slug = lower(regexp_replace(name, '[^a-zA-Z0-9]+', '-', 'g')) WHERE slug = ''`)
	return err
}

func downBackfillTeamSlugs(ctx context.Context, tx *sql.Tx) error {
	return nil
}
