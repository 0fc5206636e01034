import { Migration } from '@mikro-orm/migrations';

export class Migration20261120220440 extends Migration {

  override async up(): Promise<void> {
    // Added by hand: showings_no_overlap compares uuid equality inside a GiST index.
    this.addSql(`create extension if not exists btree_gist;`);
    this.addSql(`create table "movies" ("id" uuid not null, "title" text not null, "description" text null, "duration_minutes" int not null, "genre" text not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "movies_pkey" primary key ("id"), constraint movies_duration_check check (duration_minutes >= 1 and duration_minutes <= 600), constraint movies_title_check check (length(trim(both from title)) > 0));`);
    this.addSql(`create index "movies_search_index" on "movies" using gin ((setweight(to_tsvector('english', title), 'A') || setweight(to_tsvector('english', genre), 'B') || setweight(to_tsvector('english', coalesce(description, '')), 'C')));`);
    this.addSql(`create index "movies_title_index" on "movies" ("title", "id");`);

    this.addSql(`create table "theaters" ("id" uuid not null, "name" text not null, "address" text not null, "created_at" timestamptz not null default now(), constraint "theaters_pkey" primary key ("id"), constraint theaters_name_check check (length(trim(both from name)) > 0));`);
    this.addSql(`alter table "theaters" add constraint "theaters_name_unique" unique ("name");`);
    this.addSql(`create index "theaters_search_index" on "theaters" using gin ((setweight(to_tsvector('english', name), 'A') || setweight(to_tsvector('english', address), 'B')));`);

    this.addSql(`create table "showings" ("id" uuid not null, "movie_id" uuid not null, "theater_id" uuid not null, "starts_at" timestamptz not null, "ends_at" timestamptz not null, "price" numeric(10,2) not null, "created_at" timestamptz not null default now(), constraint "showings_pkey" primary key ("id"), constraint showings_time_check check (ends_at > starts_at), constraint showings_price_check check (price >= 0));`);
    this.addSql(`create index "showings_starts_at_index" on "showings" ("starts_at", "id");`);
    this.addSql(`create index "showings_movie_index" on "showings" ("movie_id", "starts_at");`);
    this.addSql(`alter table "showings" add constraint "showings_no_overlap" exclude using gist (theater_id with =, tstzrange(starts_at, ends_at) with &&);`);

    this.addSql(`create table "bookings" ("id" uuid not null, "booking_number" text not null, "user_id" uuid not null, "showing_id" uuid not null, "total_price" numeric(10,2) not null, "status" text check ("status" in ('CONFIRMED', 'CANCELLED', 'REFUNDED')) not null default 'CONFIRMED', "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), constraint "bookings_pkey" primary key ("id"), constraint bookings_total_price_check check (total_price >= 0));`);
    this.addSql(`alter table "bookings" add constraint "bookings_number_unique" unique ("booking_number");`);
    this.addSql(`create index "bookings_user_index" on "bookings" ("user_id", "created_at", "id");`);
    this.addSql(`create index "bookings_showing_index" on "bookings" ("showing_id");`);

    this.addSql(`create table "seats" ("id" uuid not null, "theater_id" uuid not null, "row" text not null, "number" int not null, "type" text check ("type" in ('STANDARD', 'PREMIUM', 'ACCESSIBLE')) not null default 'STANDARD', constraint "seats_pkey" primary key ("id"), constraint seats_number_check check (number > 0));`);
    this.addSql(`alter table "seats" add constraint "seats_position_unique" unique ("theater_id", "row", "number");`);

    this.addSql(`create table "booking_seats" ("id" uuid not null, "booking_id" uuid not null, "showing_id" uuid not null, "seat_id" uuid not null, "price" numeric(10,2) not null, "active" boolean not null default true, constraint "booking_seats_pkey" primary key ("id"), constraint booking_seats_price_check check (price >= 0));`);
    this.addSql(`create index "booking_seats_booking_index" on "booking_seats" ("booking_id");`);
    this.addSql(`create unique index "booking_seats_active_unique" on "booking_seats" ("showing_id", "seat_id") where active;`);
    this.addSql(`alter table "booking_seats" add constraint "booking_seats_booking_seat_unique" unique ("booking_id", "seat_id");`);

    this.addSql(`alter table "showings" add constraint "showings_movie_id_foreign" foreign key ("movie_id") references "movies" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "showings" add constraint "showings_theater_id_foreign" foreign key ("theater_id") references "theaters" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "bookings" add constraint "bookings_showing_id_foreign" foreign key ("showing_id") references "showings" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "seats" add constraint "seats_theater_id_foreign" foreign key ("theater_id") references "theaters" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "booking_seats" add constraint "booking_seats_booking_id_foreign" foreign key ("booking_id") references "bookings" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "booking_seats" add constraint "booking_seats_showing_id_foreign" foreign key ("showing_id") references "showings" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "booking_seats" add constraint "booking_seats_seat_id_foreign" foreign key ("seat_id") references "seats" ("id") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "showings" drop constraint "showings_movie_id_foreign";`);

    this.addSql(`alter table "showings" drop constraint "showings_theater_id_foreign";`);

    this.addSql(`alter table "seats" drop constraint "seats_theater_id_foreign";`);

    this.addSql(`alter table "bookings" drop constraint "bookings_showing_id_foreign";`);

    this.addSql(`alter table "booking_seats" drop constraint "booking_seats_showing_id_foreign";`);

    this.addSql(`alter table "booking_seats" drop constraint "booking_seats_booking_id_foreign";`);

    this.addSql(`alter table "booking_seats" drop constraint "booking_seats_seat_id_foreign";`);

    this.addSql(`drop table if exists "movies" cascade;`);

    this.addSql(`drop table if exists "theaters" cascade;`);

    this.addSql(`drop table if exists "showings" cascade;`);

    this.addSql(`drop table if exists "bookings" cascade;`);

    this.addSql(`drop table if exists "seats" cascade;`);

    this.addSql(`drop table if exists "booking_seats" cascade;`);
  }

}
