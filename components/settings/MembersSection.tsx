"use client";

import { useState, type FormEvent } from "react";
import type { Role } from "@/lib/auth/access";
import { CopyField, dangerButtonClass, ErrorNote, inputClass, primaryButtonClass, QueryState, SettingsCard } from "./controls";
import { formatTimestamp } from "./format";
import { inviteLinkForOrigin } from "./inviteLink";
import { PROJECT_ROLES } from "./roles";
import { useInviteMember, useMembers, useRemoveMember, useRevokeInvitation, useSetMemberRole, type MembersData } from "./settingsQueries";

/** A project's members (role, removal), the invite form and the open invitations. Project admins only. */
export function MembersSection({ projectId, projectName, currentUserId }: { projectId: string; projectName: string; currentUserId: string }) {
  const members = useMembers(projectId);
  return (
    <SettingsCard title="Members" subtitle={`Who can open ${projectName}. Instance admins can open every project without being listed.`} testId="members">
      <InviteForm projectId={projectId} />
      <div className="mt-4">
        <QueryState isPending={members.isPending} error={members.error}>
          {members.data ? <MembersTable projectId={projectId} data={members.data} currentUserId={currentUserId} /> : null}
        </QueryState>
      </div>
    </SettingsCard>
  );
}

function RoleSelect({ value, onChange, label, disabled, testId }: { value: Role; onChange: (role: Role) => void; label: string; disabled?: boolean; testId?: string }) {
  return (
    <select
      aria-label={label}
      value={value}
      disabled={disabled}
      onChange={(event) => onChange(event.target.value as Role)}
      className="h-8 rounded-md border border-slate-300 bg-white px-2 text-sm disabled:bg-slate-50 disabled:text-slate-500"
      data-testid={testId}
    >
      {PROJECT_ROLES.map((role) => (
        <option key={role} value={role}>
          {role}
        </option>
      ))}
    </select>
  );
}

function InviteForm({ projectId }: { projectId: string }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("viewer");
  const invite = useInviteMember(projectId);

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    invite.mutate({ email: email.trim(), role });
  }

  return (
    <div>
      <form onSubmit={submit} className="flex flex-wrap items-end gap-3" aria-label="Invite someone">
        <label className="flex flex-col text-xs font-medium text-slate-600">
          Email
          <input type="email" className={`${inputClass} mt-1 w-64 max-w-full`} value={email} onChange={(e) => setEmail(e.target.value)} required placeholder="name@example.com" data-testid="invite-email" />
        </label>
        <label className="flex flex-col text-xs font-medium text-slate-600">
          Role
          <span className="mt-1">
            <RoleSelect value={role} onChange={setRole} label="Role for the invitation" testId="invite-role" />
          </span>
        </label>
        <button type="submit" className={primaryButtonClass} disabled={invite.isPending || email.trim() === ""} data-testid="invite-submit">
          {invite.isPending ? "Inviting…" : "Invite"}
        </button>
        <p className="text-xs text-slate-500 sm:self-center" data-testid="invite-hint">Viewers and members read the dashboards; admins also manage keys and members.</p>
      </form>
      <ErrorNote error={invite.error} />
      {invite.data && invite.variables ? (
        invite.data.joined || !invite.data.inviteUrl ? (
          <p role="status" className="mt-3 rounded-md border border-emerald-200 bg-emerald-50 px-3 py-2 text-sm text-emerald-900" data-testid="invite-joined">
            {invite.variables.email} already has an account and was added as {invite.variables.role}.
          </p>
        ) : (
          <div role="status" className="mt-3 rounded-md border border-indigo-200 bg-indigo-50 p-3" data-testid="invite-result">
            <p className="mb-2 text-sm text-indigo-950">
              Send this link to {invite.variables.email}: it works once, for 7 days. Loupe sends no email. If the address already has an account, its password accepts.
            </p>
            <CopyField value={inviteLinkForOrigin(invite.data.inviteUrl, window.location.origin)} label="Invitation link" testId="invite-url" />
          </div>
        )
      ) : null}
    </div>
  );
}

function MembersTable({ projectId, data, currentUserId }: { projectId: string; data: MembersData; currentUserId: string }) {
  const setRole = useSetMemberRole(projectId);
  const remove = useRemoveMember(projectId);
  function confirmRemove(member: MembersData["members"][number]) {
    if (window.confirm(`Remove ${member.email} from this project? Their account stays; they lose access to this project.`)) remove.mutate(member.userId);
  }
  return (
    <>
      <ErrorNote error={setRole.error ?? remove.error} />
      {data.members.length === 0 ? (
        <p className="text-sm text-slate-500">No members yet.</p>
      ) : (
        // Below `sm` the "since" column hides and the table scrolls inside the card, never past it.
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-xs text-slate-500">
              <tr>
                <th className="py-1 pr-3 font-medium">Name</th>
                <th className="pr-3 font-medium">Email</th>
                <th className="pr-3 font-medium">Role</th>
                <th className="hidden pr-3 font-medium sm:table-cell">Since</th>
                <th className="sr-only">Actions</th>
              </tr>
            </thead>
            <tbody>
              {data.members.map((member) => {
                // Changing or removing yourself could lock you out of the project you are managing.
                const self = member.userId === currentUserId;
                return (
                  <tr key={member.userId} className="border-t border-slate-100" data-testid="member-row" data-user-id={member.userId}>
                    <td className="py-1.5 pr-3">
                      {member.name}
                      {self ? <span className="ml-1 text-xs text-slate-600">(you)</span> : null}
                    </td>
                    <td className="break-all pr-3">{member.email}</td>
                    <td className="pr-3">
                      <RoleSelect
                        value={member.role}
                        label={`Role of ${member.email}`}
                        disabled={self || (setRole.isPending && setRole.variables?.userId === member.userId)}
                        onChange={(role) => setRole.mutate({ userId: member.userId, role })}
                      />
                    </td>
                    <td className="hidden pr-3 text-xs sm:table-cell">{formatTimestamp(member.since)}</td>
                    <td className="text-right">
                      {self ? null : (
                        <button type="button" className={dangerButtonClass} disabled={remove.isPending && remove.variables === member.userId} onClick={() => confirmRemove(member)} data-testid="member-remove">
                          Remove
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {data.invitations.length > 0 ? <OpenInvitations projectId={projectId} invitations={data.invitations} /> : null}
    </>
  );
}

/** Invitations not yet accepted: each link works until it expires or is revoked here. */
function OpenInvitations({ projectId, invitations }: { projectId: string; invitations: MembersData["invitations"] }) {
  const revoke = useRevokeInvitation(projectId);
  function confirmRevoke(invitation: MembersData["invitations"][number]) {
    if (window.confirm(`Revoke the invitation for ${invitation.email}? Its link stops working.`)) revoke.mutate(invitation.id);
  }
  return (
    <div className="mt-4">
      <h3 className="text-xs font-semibold uppercase tracking-wide text-slate-600">Open invitations</h3>
      <ErrorNote error={revoke.error} />
      <ul className="mt-1 divide-y divide-slate-100 text-sm">
        {invitations.map((invitation) => (
          <li key={invitation.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-1.5" data-testid="invitation-row" data-invitation-id={invitation.id}>
            <span className="break-all">{invitation.email}</span>
            <span className="text-slate-600">{invitation.role}</span>
            {invitation.invitedBy ? <span className="text-xs text-slate-600">by {invitation.invitedBy}</span> : null}
            <span className="ml-auto text-xs text-slate-600">expires {formatTimestamp(invitation.expiresAt)}</span>
            <button
              type="button"
              className={dangerButtonClass}
              disabled={revoke.isPending && revoke.variables === invitation.id}
              onClick={() => confirmRevoke(invitation)}
              aria-label={`Revoke the invitation for ${invitation.email}`}
              data-testid="invitation-revoke"
            >
              Revoke
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
