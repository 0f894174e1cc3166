// What each finding kind is called on screen and what to do about it. This
// is wording only: which text is risky is decided by the classifier module.

const TITLES = {
  'identifier.name': 'A name',
  'identifier.address': 'An address or place',
  'identifier.date': 'A date tied to a person',
  'identifier.age': 'An age',
  'identifier.phone': 'A phone number',
  'identifier.fax': 'A fax number',
  'identifier.email': 'An email address',
  'identifier.url': 'A web address',
  'identifier.ip': 'An IP address',
  'identifier.ssn': 'A Social Security number',
  'identifier.mrn': 'A medical record number',
  'identifier.health_plan': 'A health plan number',
  'identifier.account': 'An account number',
  'identifier.license': 'A licence number',
  'identifier.vehicle': 'A vehicle number',
  'identifier.device': 'A device serial number',
  'identifier.photo': 'A photo of a person',
  'health.condition': 'A health detail',
  'patient.acknowledgement': 'Confirms someone is a patient',
  'patient.case': "Talks about a patient's case",
  'advice.individual': 'Medical advice to one person',
  testimonial: 'A patient story',
};

const TODO = {
  'identifier.photo': 'Post it only with written consent from everyone in the picture.',
  'patient.acknowledgement': "Don't confirm care in public; invite them to call or message privately.",
  'advice.individual': 'Give advice privately, after checking their record.',
  'patient.case': 'Leave out anything that points to one patient.',
  testimonial: 'Share patient stories only with written consent.',
  'health.condition': 'Leave out health details about a specific person.',
};

export function title(kind) {
  return TITLES[kind] || 'Possible patient information';
}

export function whatToDo(finding) {
  if (finding.suggestion) return `Change it to “${finding.suggestion}”.`;
  if (TODO[finding.kind]) return TODO[finding.kind];
  if (finding.kind.startsWith('identifier.')) return 'Remove it, or make it general.';
  return 'Rephrase so no one can be identified.';
}

export function severityWord(severity) {
  return severity === 'block' ? 'Stops posting' : 'Worth a second look';
}
