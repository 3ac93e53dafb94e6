"""Parts of the PostgreSQL store: connections and transactions, migrations, the outbox, small tables."""
