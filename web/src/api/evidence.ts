import { fetchBlob, postFile } from './client';

/** 佐证材料 as the upload endpoint answers and records cite it (`RectificationRecord.evidenceFiles`). */
export interface EvidenceFile {
  sha256: string;
  fileName: string;
  mediaType: string;
  size: number;
}

/** The server's limit; larger files are refused before they are sent. */
export const EVIDENCE_MAX_BYTES = 20 * 1024 * 1024;

/** What the server takes (it checks the content, not the name): images, PDF and Office documents. */
export const EVIDENCE_ACCEPT = 'image/jpeg,image/png,image/gif,image/webp,application/pdf,.doc,.docx,.xls,.xlsx,.ppt,.pptx';

/** Uploads one file for the unit; its sha256 is what a workflow step cites in `evidence`. */
export function uploadEvidence(organizationId: string, file: File): Promise<EvidenceFile> {
  return postFile<EvidenceFile>(`/api/evidence?organizationId=${encodeURIComponent(organizationId)}`, file);
}

/** The file's content, read with the session token (a bare link would not carry it). */
export function downloadEvidence(organizationId: string, sha256: string): Promise<Blob> {
  return fetchBlob(`/api/evidence/${encodeURIComponent(organizationId)}/${encodeURIComponent(sha256)}`);
}

export function isImage(mediaType: string): boolean {
  return /^image\/(jpeg|png|gif|webp)$/.test(mediaType);
}

const EXTENSIONS: Record<string, string> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/gif': 'gif',
  'image/webp': 'webp',
  'application/pdf': 'pdf',
  'application/msword': 'doc',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
  'application/vnd.ms-excel': 'xls',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
  'application/vnd.ms-powerpoint': 'ppt',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
};

/** A file name extension for a stored file whose own name is not known. */
export function extensionOf(mediaType: string): string {
  return EXTENSIONS[mediaType] ?? 'bin';
}
