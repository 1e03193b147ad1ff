/**
 * CREATE INDEX CONCURRENTLY cannot run inside node-pg-migrate's transaction,
 * and only a JavaScript migration can step out of it.
 */
exports.up = (pgm) => {
  pgm.noTransaction();
  pgm.createIndex('activity_log', 'created_at', { name: 'activity_log_created_at_index', concurrently: true, ifNotExists: true });
};

exports.down = (pgm) => {
  pgm.noTransaction();
  pgm.dropIndex('activity_log', 'created_at', { name: 'activity_log_created_at_index', concurrently: true, ifExists: true });
};
