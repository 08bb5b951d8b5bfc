// With JavaScript, the order board polls its own loader every 5 seconds while the tab is visible and
// rings once for every order that arrives new (docs/decisions/005-order-board-live-by-polling.md);
// the mute switch is remembered per device.
import { useNavigation, useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

/** Polls the board while the page is visible, and rings once for every order that arrives new. */
export function useLiveBoard(newIds: number[]) {
  const revalidator = useRevalidator();
  const navigation = useNavigation();
  const seen = useRef<Set<number> | null>(null);
  const [muted, setMuted] = useState(false);

  useEffect(() => setMuted(window.localStorage.getItem("larder.board.muted") === "1"), []);
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible" && revalidator.state === "idle" && navigation.state === "idle") revalidator.revalidate();
    }, 5_000);
    return () => clearInterval(timer);
  }, [revalidator, navigation.state]);
  useEffect(() => {
    if (seen.current === null) {
      seen.current = new Set(newIds);
      return;
    }
    const arrived = newIds.filter((id) => !seen.current!.has(id));
    for (const id of arrived) seen.current.add(id);
    if (arrived.length > 0 && !muted) ring();
  }, [newIds, muted]);
  useEffect(() => {
    const base = "Order board — Admin";
    document.title = newIds.length ? `(${newIds.length} new) ${base}` : base;
  }, [newIds.length]);

  return {
    muted,
    toggleMute() {
      window.localStorage.setItem("larder.board.muted", muted ? "0" : "1");
      setMuted(!muted);
    },
  };
}

/** A short two-note chime, made in the page (no sound file to load). */
function ring() {
  try {
    const audio = new AudioContext();
    [880, 1320].forEach((frequency, index) => {
      const tone = audio.createOscillator();
      const gain = audio.createGain();
      tone.frequency.value = frequency;
      gain.gain.setValueAtTime(0.2, audio.currentTime + index * 0.18);
      gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + index * 0.18 + 0.3);
      tone.connect(gain).connect(audio.destination);
      tone.start(audio.currentTime + index * 0.18);
      tone.stop(audio.currentTime + index * 0.18 + 0.3);
    });
  } catch {
    // No sound before the page has been touched once (the browser's rule); the badge still shows.
  }
}
