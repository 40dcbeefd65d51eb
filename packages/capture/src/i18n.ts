/**
 * Every text the element shows. A language must define every key (the type checks it); a page can
 * override any of them through the element's `strings` property.
 */
export interface CaptureStrings {
  starting: string;
  frontInstruction: string;
  backInstruction: string;
  cameraLabel: string;
  cameraDeniedTitle: string;
  cameraDeniedAdvice: string;
  cameraUnavailableTitle: string;
  cameraUnavailableAdvice: string;
  cameraEndedTitle: string;
  tryAgain: string;
  sessionErrorTitle: string;
  sessionErrorAdvice: string;
}

const en: CaptureStrings = {
  starting: 'Getting ready…',
  frontInstruction: 'Place the front of your ID inside the frame',
  backInstruction: 'Turn your ID over and place the back inside the frame',
  cameraLabel: 'Camera preview',
  cameraDeniedTitle: 'Camera access is blocked',
  cameraDeniedAdvice: 'Allow camera access in your browser settings, then try again.',
  cameraUnavailableTitle: 'No camera available',
  cameraUnavailableAdvice: 'This browser or device does not offer a camera here. Try another browser or device.',
  cameraEndedTitle: 'The camera stopped',
  tryAgain: 'Try again',
  sessionErrorTitle: 'We could not start',
  sessionErrorAdvice: 'Check your connection and try again.',
};

const es: CaptureStrings = {
  starting: 'Preparando…',
  frontInstruction: 'Coloque el frente de su documento dentro del marco',
  backInstruction: 'Dé la vuelta a su documento y coloque el reverso dentro del marco',
  cameraLabel: 'Vista de la cámara',
  cameraDeniedTitle: 'El acceso a la cámara está bloqueado',
  cameraDeniedAdvice: 'Permita el acceso a la cámara en la configuración del navegador y vuelva a intentarlo.',
  cameraUnavailableTitle: 'No hay cámara disponible',
  cameraUnavailableAdvice:
    'Este navegador o dispositivo no ofrece una cámara aquí. Pruebe con otro navegador o dispositivo.',
  cameraEndedTitle: 'La cámara se detuvo',
  tryAgain: 'Intentar de nuevo',
  sessionErrorTitle: 'No pudimos comenzar',
  sessionErrorAdvice: 'Compruebe su conexión y vuelva a intentarlo.',
};

const fr: CaptureStrings = {
  starting: 'Préparation…',
  frontInstruction: 'Placez le recto de votre pièce d’identité dans le cadre',
  backInstruction: 'Retournez votre pièce d’identité et placez le verso dans le cadre',
  cameraLabel: 'Aperçu de la caméra',
  cameraDeniedTitle: 'L’accès à la caméra est bloqué',
  cameraDeniedAdvice: 'Autorisez l’accès à la caméra dans les réglages du navigateur, puis réessayez.',
  cameraUnavailableTitle: 'Aucune caméra disponible',
  cameraUnavailableAdvice:
    'Ce navigateur ou cet appareil ne propose pas de caméra ici. Essayez un autre navigateur ou appareil.',
  cameraEndedTitle: 'La caméra s’est arrêtée',
  tryAgain: 'Réessayer',
  sessionErrorTitle: 'Impossible de commencer',
  sessionErrorAdvice: 'Vérifiez votre connexion et réessayez.',
};

const de: CaptureStrings = {
  starting: 'Wird vorbereitet…',
  frontInstruction: 'Legen Sie die Vorderseite Ihres Ausweises in den Rahmen',
  backInstruction: 'Drehen Sie Ihren Ausweis um und legen Sie die Rückseite in den Rahmen',
  cameraLabel: 'Kameravorschau',
  cameraDeniedTitle: 'Der Kamerazugriff ist blockiert',
  cameraDeniedAdvice: 'Erlauben Sie den Kamerazugriff in den Browser-Einstellungen und versuchen Sie es erneut.',
  cameraUnavailableTitle: 'Keine Kamera verfügbar',
  cameraUnavailableAdvice:
    'Dieser Browser oder dieses Gerät bietet hier keine Kamera. Versuchen Sie einen anderen Browser oder ein anderes Gerät.',
  cameraEndedTitle: 'Die Kamera wurde beendet',
  tryAgain: 'Erneut versuchen',
  sessionErrorTitle: 'Wir konnten nicht starten',
  sessionErrorAdvice: 'Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
};

const pt: CaptureStrings = {
  starting: 'A preparar…',
  frontInstruction: 'Coloque a frente do seu documento dentro da moldura',
  backInstruction: 'Vire o seu documento e coloque o verso dentro da moldura',
  cameraLabel: 'Pré-visualização da câmara',
  cameraDeniedTitle: 'O acesso à câmara está bloqueado',
  cameraDeniedAdvice: 'Permita o acesso à câmara nas definições do navegador e tente novamente.',
  cameraUnavailableTitle: 'Nenhuma câmara disponível',
  cameraUnavailableAdvice:
    'Este navegador ou dispositivo não oferece uma câmara aqui. Experimente outro navegador ou dispositivo.',
  cameraEndedTitle: 'A câmara parou',
  tryAgain: 'Tentar novamente',
  sessionErrorTitle: 'Não foi possível começar',
  sessionErrorAdvice: 'Verifique a sua ligação e tente novamente.',
};

export const LANGUAGES = { en, es, fr, de, pt } as const;
export type Language = keyof typeof LANGUAGES;

/** Picks the first supported language among the candidates (`es-MX` matches `es`); English otherwise. */
export function pickLanguage(candidates: ReadonlyArray<string | null | undefined>): Language {
  for (const candidate of candidates) {
    const base = candidate?.toLowerCase().split('-')[0];
    if (base && base in LANGUAGES) return base as Language;
  }
  return 'en';
}

export function stringsFor(language: Language, overrides: Partial<CaptureStrings> = {}): CaptureStrings {
  return { ...LANGUAGES[language], ...overrides };
}
