-- Up Migration
-- Staff accounts the owner manages (issue 13): invites and password resets by a one-time emailed
-- link (only the token's SHA-256 is kept), deactivation, two-factor sign-in (TOTP, its secret
-- encrypted by the app, the last step used kept so a code cannot be replayed; recovery codes
-- kept hashed), and the owners' setting that requires two-factor for everyone.
alter table admin_users
  add column deactivated_at timestamptz,
  add column password_changed_at timestamptz,
  -- AES-256-GCM ciphertext (app/accounts/two-factor.server.ts): never the secret itself.
  add column totp_secret text,
  add column totp_pending_secret text,
  add column totp_enabled_at timestamptz,
  add column totp_last_step bigint,
  add constraint admin_users_totp_enabled check ((totp_secret is null) = (totp_enabled_at is null));

create table staff_invites (
  id bigint generated always as identity primary key,
  -- 'invite' makes a new member on acceptance; 'reset' sets a new password for admin_user_id.
  kind text not null check (kind in ('invite', 'reset')),
  email text not null check (email ~ '^[^@\s]+@[^@\s]+\.[^@\s]+$'),
  role text check (role in ('owner', 'staff')),
  admin_user_id bigint references admin_users (id) on delete cascade,
  token_hash bytea not null unique check (length(token_hash) = 32),
  invited_by bigint references admin_users (id) on delete set null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  accepted_at timestamptz,
  constraint staff_invites_kind_fields check (
    (kind = 'invite' and role is not null) or (kind = 'reset' and admin_user_id is not null)),
  constraint staff_invites_accepted_in_time check (accepted_at is null or accepted_at <= expires_at),
  constraint staff_invites_accepted_member check (kind = 'reset' or accepted_at is null or admin_user_id is not null)
);
create index staff_invites_email_idx on staff_invites (lower(email));

create table admin_recovery_codes (
  id bigint generated always as identity primary key,
  admin_user_id bigint not null references admin_users (id) on delete cascade,
  code_hash bytea not null check (length(code_hash) = 32),
  created_at timestamptz not null default now(),
  used_at timestamptz,
  unique (admin_user_id, code_hash)
);

-- The admin moves to its own cookie and session (app/lib/session.server.ts): the shared sessions
-- keep the customer's cart and lose the sign-in, so everyone signs in again once.
update sessions set data = data - 'adminUserId' - 'staffCartId' - 'revisingOrder', admin_user_id = null
 where admin_user_id is not null or data ?| array['adminUserId', 'staffCartId', 'revisingOrder'];
create index sessions_admin_user_idx on sessions (admin_user_id) where admin_user_id is not null;

alter table email_outbox
  add column staff_invite_id bigint references staff_invites (id) on delete set null,
  drop constraint email_outbox_template_check,
  add constraint email_outbox_template_check check (template in (
    'order_confirmation', 'refund_confirmation',
    'order_delayed', 'order_ready', 'order_out_for_delivery', 'order_delivered', 'order_shipped',
    'owner_unaccepted_order', 'order_cancelled', 'payment_link', 'staff_invite', 'staff_reset'));

alter table settings
  add constraint settings_require_two_factor_check check (
    key <> 'accounts.require_two_factor' or value in ('true'::jsonb, 'false'::jsonb));

-- Down Migration
alter table settings drop constraint settings_require_two_factor_check;
delete from settings where key = 'accounts.require_two_factor';
delete from email_outbox where template in ('staff_invite', 'staff_reset');
alter table email_outbox
  drop constraint email_outbox_template_check,
  add constraint email_outbox_template_check check (template in (
    'order_confirmation', 'refund_confirmation',
    'order_delayed', 'order_ready', 'order_out_for_delivery', 'order_delivered', 'order_shipped',
    'owner_unaccepted_order', 'order_cancelled', 'payment_link')),
  drop column staff_invite_id;
drop index sessions_admin_user_idx;
drop table admin_recovery_codes;
drop table staff_invites;
alter table admin_users
  drop constraint admin_users_totp_enabled,
  drop column totp_last_step,
  drop column totp_enabled_at,
  drop column totp_pending_secret,
  drop column totp_secret,
  drop column password_changed_at,
  drop column deactivated_at;
