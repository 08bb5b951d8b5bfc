// The choices of the owners' summary email, shared by its form (client and server) and its module.
export const SUMMARY_FREQUENCIES = [["off", "Off"], ["daily", "Daily (yesterday's figures)"], ["weekly", "Weekly (last Monday–Sunday, on Mondays)"]] as const;
export type SummaryFrequency = (typeof SUMMARY_FREQUENCIES)[number][0];
