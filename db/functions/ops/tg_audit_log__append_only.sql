create or replace function private.tg_audit_log__append_only() returns trigger
language plpgsql as $$
begin
  raise exception 'the audit log is append-only: % is not allowed', tg_op using errcode = 'LR409';
end
$$;

create trigger tg_audit_log__no_truncate before truncate on audit_log
for each statement execute function private.tg_audit_log__append_only();

create trigger tg_audit_log__no_update_or_delete before update or delete on audit_log
for each row execute function private.tg_audit_log__append_only();
