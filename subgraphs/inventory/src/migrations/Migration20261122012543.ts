import { Migration } from '@mikro-orm/migrations';

export class Migration20261122012543 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "outbox_events" ("sequence" bigserial primary key, "id" uuid not null, "type" text not null, "entity_id" text not null, "channels" jsonb not null, "data" jsonb not null, "occurred_at" timestamptz not null default now(), "sent_at" timestamptz null);`);
    this.addSql(`create index "outbox_events_unsent_index" on "outbox_events" ("sequence") where "sent_at" is null;`);
    this.addSql(`create index "outbox_events_sent_index" on "outbox_events" ("sent_at") where "sent_at" is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "outbox_events" cascade;`);
  }

}
