'use client';

import dynamic from 'next/dynamic';
import { useRef, useState } from 'react';
import { useMayAct } from '@/lib/browser/hooks/use-session';

/*
 * The form (and zod with the incident schema it validates with) is loaded when the dialog first
 * opens: this button is in the header of every page, and most visits never declare anything.
 */
const DeclareIncidentForm = dynamic(() => import('./declare-incident-form').then((module) => module.DeclareIncidentForm), {
  ssr: false,
  loading: () => <p className="muted">Loading…</p>,
});

/**
 * "Declare incident", from the header (anywhere) or a target page (that target pre-linked).
 * The form is mounted only while the dialog is open, so its queries run only when needed.
 */
export function DeclareIncident({ targetId, className }: { targetId?: string; className?: string }) {
  const mayAct = useMayAct('responder');
  const dialog = useRef<HTMLDialogElement>(null);
  const [open, setOpen] = useState(false);

  const show = () => {
    setOpen(true);
    dialog.current?.showModal();
  };
  const close = () => dialog.current?.close();

  // Declaring is for responders; a viewer would be refused.
  if (!mayAct) return null;
  return (
    <>
      <button type="button" className={className ?? 'declare'} onClick={show} data-testid="declare-incident">
        Declare incident
      </button>
      <dialog ref={dialog} className="modal modal-wide" aria-labelledby="declare-title" onClose={() => setOpen(false)}>
        {open && <DeclareIncidentForm targetId={targetId} onDone={close} />}
      </dialog>
    </>
  );
}
