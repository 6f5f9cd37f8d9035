import type { Schemas } from './api.js';

/** The shapes the pages read from the API: generated from its OpenAPI document (`npm run openapi`). */
export type Timeline = Schemas['Timeline'];
export type TimelineEntry = Schemas['TimelineEntry'];
export type DeliverySummary = Schemas['DeliverySummary'];
export type DeliverySummaryPage = Schemas['DeliverySummaryPage'];
export type Anomaly = Schemas['Anomaly'];
export type AnomalyPage = Schemas['AnomalyPage'];
export type AccessLogEntry = Schemas['AccessLogEntry'];
export type VehicleCustody = Schemas['VehicleCustody'];
export type CaseView = Schemas['Case'];
export type CaseSummary = Schemas['CaseSummary'];
export type ProofBundle = Schemas['ProofBundle'];
export type LogKeys = Schemas['LogKeys'];
