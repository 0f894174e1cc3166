// What each finding kind is called on screen, and the words of the card
// and the guard, in English and in Spanish (used when the classifier reads
// the draft as Spanish: its result's lang is "es"). This is wording only:
// which text is risky, and why (the reasons), come from the classifier
// module and its pack.

const TITLES = {
  en: {
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
    other: 'Possible patient information',
  },
  es: {
    'identifier.name': 'Un nombre',
    'identifier.address': 'Una dirección o un lugar',
    'identifier.date': 'Una fecha ligada a una persona',
    'identifier.age': 'Una edad',
    'identifier.phone': 'Un teléfono',
    'identifier.fax': 'Un fax',
    'identifier.email': 'Un correo electrónico',
    'identifier.url': 'Una dirección web',
    'identifier.ip': 'Una dirección IP',
    'identifier.ssn': 'Un número de Seguro Social',
    'identifier.mrn': 'Un número de expediente',
    'identifier.health_plan': 'Un número de plan de salud',
    'identifier.account': 'Un número de cuenta',
    'identifier.license': 'Un número de licencia',
    'identifier.vehicle': 'Un número de vehículo',
    'identifier.device': 'Un número de serie de un dispositivo',
    'identifier.photo': 'Una foto de una persona',
    'health.condition': 'Un dato de salud',
    'patient.acknowledgement': 'Confirma que alguien es paciente',
    'patient.case': 'Habla del caso de un paciente',
    'advice.individual': 'Un consejo médico a una persona',
    testimonial: 'La historia de un paciente',
    other: 'Posible información de un paciente',
  },
};

// The reason categories the guard offers for posting past a warning, by
// the names the server counts them under (the words for each are below);
// a policy's overrideReasons picks from these.
export const OVERRIDE_REASONS = Object.freeze(['consent_on_file', 'not_about_a_patient', 'public_information', 'other']);

// The words of the card, the guard and the badge. {n}, {of}, {x} are
// filled in by say().
const WORDS = {
  en: {
    block: 'Stops posting',
    warn: 'Worth a second look',
    also: 'Also in these words: {x}.',
    safeReply: 'Replace the draft with a safe reply',
    change: 'Change to “{x}”',
    remove: 'Remove it',
    becomes: 'The draft becomes: “{x}”',
    afterOk: 'After this change: nothing left to warn about.',
    after: 'After this change: {x}.',
    notProblem: 'Not a problem',
    ask: 'Ask the privacy officer…',
    falseAlarmAsk: 'Tell your privacy officer this is a false alarm? Only a count is sent (the kind of warning and this site), never your words.',
    allowHere: 'Don’t mark these words again on this device',
    report: 'Report false alarm',
    cancel: 'Cancel',
    reported: 'Thanks: counted as a false alarm.',
    reportedAllowed: 'Thanks: counted as a false alarm. These words are not marked again on this device.',
    close: 'Close',
    previous: 'Previous problem',
    next: 'Next problem',
    nOf: '{n} of {of}',
    hint: 'Alt+Enter from the text reaches these buttons; Esc closes.',
    cantFix: 'Scrubs could not change the text here. Please replace “{x}” with “{y}” yourself.',
    changed: 'Changed to {x}.',
    nothing: 'nothing',
    card: 'Scrubs: {x}',
    edit: 'Edit',
    postAnyway: 'Post anyway…',
    postAnywayNow: 'Post anyway',
    blockFinal: 'Your organisation’s policy does not let this go out as it is: edit it.',
    blockFinalAsk: 'Your organisation’s policy does not let this go out as it is: edit it, or ask the privacy officer.',
    post: 'Post',
    blockTitle: '⊘ This would share patient information',
    blockLead: {
      post: 'Scrubs stopped this post. Here is what could identify a patient or their care:',
      comment: 'Scrubs stopped this comment. Here is what could identify a patient or their care:',
      reply: 'Scrubs stopped this reply. Here is what could identify a patient or their care:',
      dm: 'Scrubs stopped this message. Here is what should not go over Messenger:',
    },
    warnTitle: '⚠ Worth a second look before posting',
    whySafe: 'Why is it safe to post? (recorded as a count, never the text)',
    reasons: {
      consent_on_file: 'I have written consent from the person',
      not_about_a_patient: 'This is not about a patient',
      public_information: 'It is the organisation’s own information',
      other: 'Another reason (tell your privacy officer)',
    },
    photoTitle: 'Do you have consent for this photo?',
    photoLead: 'A picture of a patient, a family or a visitor needs their written consent before it goes online.',
    photoPost: 'I have consent — post',
    uncheckedTitle: 'Scrubs could not check this post',
    tooLong: 'It is too long for Scrubs to check. Shorten it, or make sure yourself that it shares nothing about a patient.',
    notAnswering: 'Scrubs is not answering right now, so nobody checked it for patient information. Edit and try again in a moment, or make sure yourself.',
    problem: 'problem',
    problems: 'problems',
    stops: 'stops',
    stop: 'stop',
    badgeLabel: 'Scrubs: {n} {x}. Show details (Alt+Enter from the text).',
    badgeStops: ', {n} {x} posting',
  },
  es: {
    block: 'Impide publicar',
    warn: 'Conviene revisarlo',
    also: 'En estas palabras también: {x}.',
    safeReply: 'Cambiar el borrador por una respuesta segura',
    change: 'Cambiar a “{x}”',
    remove: 'Quitarlo',
    becomes: 'El borrador queda: “{x}”',
    afterOk: 'Después de este cambio: nada más que advertir.',
    after: 'Después de este cambio: {x}.',
    notProblem: 'No es un problema',
    ask: 'Preguntar al responsable de privacidad…',
    falseAlarmAsk: '¿Avisar a su responsable de privacidad de que es una falsa alarma? Solo se envía un recuento (el tipo de aviso y este sitio), nunca sus palabras.',
    allowHere: 'No volver a marcar estas palabras en este dispositivo',
    report: 'Avisar de falsa alarma',
    cancel: 'Cancelar',
    reported: 'Gracias: se contó como falsa alarma.',
    reportedAllowed: 'Gracias: se contó como falsa alarma. Estas palabras no se vuelven a marcar en este dispositivo.',
    close: 'Cerrar',
    previous: 'Problema anterior',
    next: 'Problema siguiente',
    nOf: '{n} de {of}',
    hint: 'Alt+Intro desde el texto llega a estos botones; Esc cierra.',
    cantFix: 'Scrubs no pudo cambiar el texto aquí. Cambie “{x}” por “{y}” usted mismo.',
    changed: 'Cambiado a {x}.',
    nothing: 'nada',
    card: 'Scrubs: {x}',
    edit: 'Editar',
    postAnyway: 'Publicar de todos modos…',
    postAnywayNow: 'Publicar de todos modos',
    blockFinal: 'La política de su organización no permite publicarlo así: edítelo.',
    blockFinalAsk: 'La política de su organización no permite publicarlo así: edítelo o consulte a su responsable de privacidad.',
    post: 'Publicar',
    blockTitle: '⊘ Esto compartiría información de un paciente',
    blockLead: {
      post: 'Scrubs detuvo esta publicación. Esto podría identificar a un paciente o su atención:',
      comment: 'Scrubs detuvo este comentario. Esto podría identificar a un paciente o su atención:',
      reply: 'Scrubs detuvo esta respuesta. Esto podría identificar a un paciente o su atención:',
      dm: 'Scrubs detuvo este mensaje. Esto no debe ir por Messenger:',
    },
    warnTitle: '⚠ Conviene revisarlo antes de publicar',
    whySafe: '¿Por qué se puede publicar? (se guarda como recuento, nunca el texto)',
    reasons: {
      consent_on_file: 'Tengo el consentimiento por escrito de la persona',
      not_about_a_patient: 'No trata de un paciente',
      public_information: 'Es información de la propia organización',
      other: 'Otro motivo (avise a su responsable de privacidad)',
    },
    photoTitle: '¿Tiene consentimiento para esta foto?',
    photoLead: 'La foto de un paciente, de su familia o de una visita necesita su consentimiento por escrito antes de publicarse.',
    photoPost: 'Tengo consentimiento: publicar',
    uncheckedTitle: 'Scrubs no pudo revisar esta publicación',
    tooLong: 'Es demasiado larga para que Scrubs la revise. Acórtela, o asegúrese usted de que no comparte nada de un paciente.',
    notAnswering: 'Scrubs no responde ahora, así que nadie la revisó. Edite y vuelva a intentarlo en un momento, o asegúrese usted.',
    problem: 'problema',
    problems: 'problemas',
    stops: 'impide',
    stop: 'impiden',
    badgeLabel: 'Scrubs: {n} {x}. Ver detalles (Alt+Intro desde el texto).',
    badgeStops: ', {n} {x} publicar',
  },
};

const langOf = (lang) => (lang === 'es' ? 'es' : 'en');

// words answers the words for a result's language ("es", or English).
export function words(lang) {
  return WORDS[langOf(lang)];
}

// say fills {n}, {of}, {x}, {y} in one of the words.
export function say(text, vars = {}) {
  return text.replace(/\{(\w+)\}/g, (m, k) => (vars[k] === undefined ? m : String(vars[k])));
}

export function title(kind, lang) {
  const t = TITLES[langOf(lang)];
  return t[kind] || t.other;
}

export function severityWord(severity, lang) {
  return words(lang)[severity === 'block' ? 'block' : 'warn'];
}
