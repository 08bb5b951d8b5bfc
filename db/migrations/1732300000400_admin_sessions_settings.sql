-- Up Migration
-- Staff accounts, browser sessions (customers' carts and admins' logins) and shop settings.

create table admin_users (
  id bigint generated always as identity primary key,
  email text not null check (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  name text not null default '',
  -- scrypt$N$r$p$salt$hash, base64 parts.
  password_hash text not null,
  role text not null default 'owner' check (role in ('owner', 'staff')),
  created_at timestamptz not null default now(),
  last_login_at timestamptz
);
create unique index admin_users_email_key on admin_users (lower(email));

create table sessions (
  id text primary key,
  data jsonb not null default '{}',
  admin_user_id bigint references admin_users (id) on delete cascade,
  expires_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index sessions_expires_idx on sessions (expires_at);

create table settings (
  key text primary key check (key ~ '^[a-z][a-z0-9_.]*$'),
  value jsonb not null,
  updated_at timestamptz not null default now()
);

-- Down Migration
drop table settings;
drop table sessions;
drop table admin_users;
