import { HANDOFF_STRINGS, type HandoffStrings } from './i18n-handoff.js';

/**
 * Every text the element shows (the hand-off texts are listed in `HandoffStrings`). A language must
 * define every key (the type checks it); a page can override any of them through the element's
 * `strings` property. `{percent}` in `sending` is replaced by the upload progress.
 */
export interface CaptureStrings extends HandoffStrings {
  starting: string;
  chooseTypeTitle: string;
  idTypeDL: string;
  idTypeID: string;
  idTypePRC: string;
  idTypePC: string;
  idTypeP: string;
  frontTitle: string;
  backTitle: string;
  passportTitle: string;
  frontInstruction: string;
  backInstruction: string;
  passportInstruction: string;
  cameraLabel: string;
  shutter: string;
  switchCamera: string;
  torchOn: string;
  torchOff: string;
  guideNoDocument: string;
  guideTooDark: string;
  guideTooBright: string;
  guideGlare: string;
  guideBlurry: string;
  guideMoving: string;
  guideGood: string;
  guideWrongSide: string;
  guideShowBarcode: string;
  guideReadingBarcode: string;
  barcodeUnreadable: string;
  cameraDeniedTitle: string;
  cameraDeniedAdvice: string;
  cameraUnavailableTitle: string;
  cameraUnavailableAdvice: string;
  cameraEndedTitle: string;
  tryAgain: string;
  uploadTitle: string;
  uploadAdvice: string;
  chooseFile: string;
  dropHint: string;
  reviewTitle: string;
  reviewAdvice: string;
  reviewImageAlt: string;
  reviewBlurry: string;
  reviewTooDark: string;
  reviewTooBright: string;
  reviewGlare: string;
  reviewNoDocument: string;
  reviewWrongSide: string;
  usePhoto: string;
  retake: string;
  preparing: string;
  sending: string;
  reconnecting: string;
  offline: string;
  uploadFailedTitle: string;
  uploadFailedAdvice: string;
  fileNotImage: string;
  fileTooLarge: string;
  shutterFailed: string;
  /** A worker the element needs (the photo encoder) could not start: nothing the person chose is at fault. */
  workerUnavailable: string;
  issuesTitle: string;
  issueTextUnreadable: string;
  issueTextUnreadableAdvice: string;
  issueNoFace: string;
  issueNoFaceAdvice: string;
  issueIncompleteBarcode: string;
  issueIncompleteBarcodeAdvice: string;
  issueUnsupportedIdType: string;
  issueUnsupportedIdTypeAdvice: string;
  issueVisaPage: string;
  issueVisaPageAdvice: string;
  issueBadUpload: string;
  issueBadUploadAdvice: string;
  issueUnknown: string;
  issueUnknownAdvice: string;
  finishedTitle: string;
  finishedAdvice: string;
  sessionErrorTitle: string;
  sessionErrorAdvice: string;
  sessionRestarted: string;
  unsupportedStepTitle: string;
  unsupportedStepAdvice: string;
}

const en: CaptureStrings = {
  ...HANDOFF_STRINGS.en,
  starting: 'Getting ready…',
  chooseTypeTitle: 'Which document will you use?',
  idTypeDL: 'Driver’s license',
  idTypeID: 'ID card',
  idTypePRC: 'Permanent resident card',
  idTypePC: 'Passport card',
  idTypeP: 'Passport',
  frontTitle: 'Front of your ID',
  backTitle: 'Back of your ID',
  passportTitle: 'Passport photo page',
  frontInstruction: 'Place the front of your ID inside the frame',
  backInstruction: 'Turn your ID over and place the back inside the frame',
  passportInstruction: 'Open your passport at the photo page and place it inside the frame',
  cameraLabel: 'Camera preview',
  shutter: 'Take photo',
  switchCamera: 'Switch camera',
  torchOn: 'Turn on the light',
  torchOff: 'Turn off the light',
  guideNoDocument: 'Move closer so your ID fills the frame',
  guideTooDark: 'Too dark: find more light',
  guideTooBright: 'Too bright: move out of direct light',
  guideGlare: 'Glare on the card: tilt it slightly',
  guideBlurry: 'Hold still: the picture is blurry',
  guideMoving: 'Hold still',
  guideGood: 'Looks good: hold still',
  guideWrongSide: 'That is the back of your ID. Show the front.',
  guideShowBarcode: 'Turn your ID over: show the side with the barcode',
  guideReadingBarcode: 'Reading the barcode: hold still',
  barcodeUnreadable: 'The barcode cannot be read. Hold the back of your ID flat and steady, then take the photo.',
  cameraDeniedTitle: 'Camera access is blocked',
  cameraDeniedAdvice: 'Allow camera access in your browser settings, then try again. Or upload a photo instead.',
  cameraUnavailableTitle: 'No camera available',
  cameraUnavailableAdvice:
    'This browser or device does not offer a camera here. Upload a photo of your document instead.',
  cameraEndedTitle: 'The camera stopped',
  tryAgain: 'Try again',
  uploadTitle: 'Upload a photo',
  uploadAdvice: 'Take or choose a clear photo of the document, flat and fully in view.',
  chooseFile: 'Choose a photo',
  dropHint: 'or drag a photo here',
  reviewTitle: 'Check your photo',
  reviewAdvice: 'All text should be readable, with no glare or blur.',
  reviewImageAlt: 'The photo of your document',
  reviewBlurry: 'The photo looks blurry. Text may not be readable.',
  reviewTooDark: 'The photo is too dark.',
  reviewTooBright: 'The photo is too bright.',
  reviewGlare: 'There is glare on the document.',
  reviewNoDocument: 'The document is hard to find in this photo. Fill the photo with it.',
  reviewWrongSide: 'This looks like the back of the ID. Use a photo of the front.',
  usePhoto: 'Use this photo',
  retake: 'Retake',
  preparing: 'Preparing your photo…',
  sending: 'Sending… {percent}%',
  reconnecting: 'Reconnecting…',
  offline: 'You are offline. Your photo is kept and will be sent when you are back online.',
  uploadFailedTitle: 'We could not send your photo',
  uploadFailedAdvice: 'Your photo is kept. Check your connection and try again.',
  fileNotImage: 'That file is not a photo we can read. Choose a JPEG or PNG photo.',
  fileTooLarge: 'That file is too large. Choose a smaller photo.',
  workerUnavailable: 'This page could not prepare the photo. Reload the page and try again.',
  shutterFailed: 'The photo could not be taken. Try again, or choose a photo.',
  issuesTitle: 'Let’s try that again',
  issueTextUnreadable: 'We could not read the text on your document.',
  issueTextUnreadableAdvice: 'Use good light, avoid glare, and hold the camera steady so every letter is sharp.',
  issueNoFace: 'We could not see the photo of your face on the document.',
  issueNoFaceAdvice: 'Make sure the whole document is in the frame and nothing covers the photo.',
  issueIncompleteBarcode: 'We could not read the whole barcode on the back.',
  issueIncompleteBarcodeAdvice: 'Fill the frame with the back of your ID and keep the barcode sharp and free of glare.',
  issueUnsupportedIdType: 'This type of document is not accepted.',
  issueUnsupportedIdTypeAdvice: 'Use a driver’s license, ID card, residence permit or passport.',
  issueVisaPage: 'That looks like a visa page.',
  issueVisaPageAdvice: 'Photograph the passport page with your photo and personal details instead.',
  issueBadUpload: 'The photo could not be used.',
  issueBadUploadAdvice: 'Take a new photo of the whole document, flat and in focus.',
  issueUnknown: 'The photo was not accepted.',
  issueUnknownAdvice: 'Take a new, clear photo of the whole document.',
  finishedTitle: 'All done',
  finishedAdvice: 'Thank you. Your document has been sent.',
  sessionErrorTitle: 'We could not start',
  sessionErrorAdvice: 'Check your connection and try again.',
  sessionRestarted: 'Your session had expired, so we started again.',
  unsupportedStepTitle: 'This step cannot be done here',
  unsupportedStepAdvice: 'Please contact the service that sent you here.',
};

const es: CaptureStrings = {
  ...HANDOFF_STRINGS.es,
  starting: 'Preparando…',
  chooseTypeTitle: '¿Qué documento va a usar?',
  idTypeDL: 'Licencia de conducir',
  idTypeID: 'Documento de identidad',
  idTypePRC: 'Tarjeta de residente permanente',
  idTypePC: 'Tarjeta pasaporte',
  idTypeP: 'Pasaporte',
  frontTitle: 'Frente de su documento',
  backTitle: 'Reverso de su documento',
  passportTitle: 'Página de la foto del pasaporte',
  frontInstruction: 'Coloque el frente de su documento dentro del marco',
  backInstruction: 'Dé la vuelta a su documento y coloque el reverso dentro del marco',
  passportInstruction: 'Abra su pasaporte en la página de la foto y colóquela dentro del marco',
  cameraLabel: 'Vista de la cámara',
  shutter: 'Tomar foto',
  switchCamera: 'Cambiar de cámara',
  torchOn: 'Encender la luz',
  torchOff: 'Apagar la luz',
  guideNoDocument: 'Acérquese para que el documento llene el marco',
  guideTooDark: 'Demasiado oscuro: busque más luz',
  guideTooBright: 'Demasiada luz: apártese de la luz directa',
  guideGlare: 'Hay reflejos en la tarjeta: inclínela un poco',
  guideBlurry: 'No se mueva: la imagen está borrosa',
  guideMoving: 'No se mueva',
  guideGood: 'Muy bien: no se mueva',
  guideWrongSide: 'Ese es el reverso de su documento. Muestre el frente.',
  guideShowBarcode: 'Dé la vuelta a su documento: muestre el lado con el código de barras',
  guideReadingBarcode: 'Leyendo el código de barras: no se mueva',
  barcodeUnreadable:
    'No se puede leer el código de barras. Sostenga el reverso de su documento plano y quieto, y tome la foto.',
  cameraDeniedTitle: 'El acceso a la cámara está bloqueado',
  cameraDeniedAdvice:
    'Permita el acceso a la cámara en la configuración del navegador y vuelva a intentarlo. O suba una foto.',
  cameraUnavailableTitle: 'No hay cámara disponible',
  cameraUnavailableAdvice: 'Este navegador o dispositivo no ofrece una cámara aquí. Suba una foto de su documento.',
  cameraEndedTitle: 'La cámara se detuvo',
  tryAgain: 'Intentar de nuevo',
  uploadTitle: 'Subir una foto',
  uploadAdvice: 'Tome o elija una foto nítida del documento, plano y completamente visible.',
  chooseFile: 'Elegir una foto',
  dropHint: 'o arrastre una foto aquí',
  reviewTitle: 'Revise su foto',
  reviewAdvice: 'Todo el texto debe poder leerse, sin reflejos ni desenfoque.',
  reviewImageAlt: 'La foto de su documento',
  reviewBlurry: 'La foto parece borrosa. Puede que el texto no se lea.',
  reviewTooDark: 'La foto está demasiado oscura.',
  reviewTooBright: 'La foto tiene demasiada luz.',
  reviewGlare: 'Hay reflejos en el documento.',
  reviewNoDocument: 'Cuesta encontrar el documento en esta foto. Haga que ocupe toda la foto.',
  reviewWrongSide: 'Parece el reverso del documento. Use una foto del frente.',
  usePhoto: 'Usar esta foto',
  retake: 'Repetir',
  preparing: 'Preparando su foto…',
  sending: 'Enviando… {percent} %',
  reconnecting: 'Reconectando…',
  offline: 'No tiene conexión. Guardamos su foto y la enviaremos cuando vuelva a estar en línea.',
  uploadFailedTitle: 'No pudimos enviar su foto',
  uploadFailedAdvice: 'Su foto se conserva. Compruebe su conexión y vuelva a intentarlo.',
  fileNotImage: 'Ese archivo no es una foto que podamos leer. Elija una foto JPEG o PNG.',
  fileTooLarge: 'Ese archivo es demasiado grande. Elija una foto más pequeña.',
  workerUnavailable: 'Esta página no pudo preparar la foto. Vuelva a cargar la página e inténtelo de nuevo.',
  shutterFailed: 'No se pudo tomar la foto. Vuelva a intentarlo o elija una foto.',
  issuesTitle: 'Intentémoslo de nuevo',
  issueTextUnreadable: 'No pudimos leer el texto de su documento.',
  issueTextUnreadableAdvice:
    'Use buena luz, evite los reflejos y sostenga la cámara firme para que cada letra sea nítida.',
  issueNoFace: 'No pudimos ver la foto de su cara en el documento.',
  issueNoFaceAdvice: 'Asegúrese de que todo el documento esté en el marco y que nada cubra la foto.',
  issueIncompleteBarcode: 'No pudimos leer todo el código de barras del reverso.',
  issueIncompleteBarcodeAdvice:
    'Llene el marco con el reverso de su documento y mantenga el código de barras nítido y sin reflejos.',
  issueUnsupportedIdType: 'Este tipo de documento no se acepta.',
  issueUnsupportedIdTypeAdvice:
    'Use una licencia de conducir, un documento de identidad, un permiso de residencia o un pasaporte.',
  issueVisaPage: 'Parece una página de visado.',
  issueVisaPageAdvice: 'Fotografíe en su lugar la página del pasaporte con su foto y sus datos personales.',
  issueBadUpload: 'No se pudo usar la foto.',
  issueBadUploadAdvice: 'Tome una foto nueva del documento completo, plano y enfocado.',
  issueUnknown: 'La foto no fue aceptada.',
  issueUnknownAdvice: 'Tome una foto nueva y nítida del documento completo.',
  finishedTitle: 'Listo',
  finishedAdvice: 'Gracias. Su documento se ha enviado.',
  sessionErrorTitle: 'No pudimos comenzar',
  sessionErrorAdvice: 'Compruebe su conexión y vuelva a intentarlo.',
  sessionRestarted: 'Su sesión había caducado, así que empezamos de nuevo.',
  unsupportedStepTitle: 'Este paso no se puede hacer aquí',
  unsupportedStepAdvice: 'Póngase en contacto con el servicio que le envió aquí.',
};

const fr: CaptureStrings = {
  ...HANDOFF_STRINGS.fr,
  starting: 'Préparation…',
  chooseTypeTitle: 'Quel document allez-vous utiliser ?',
  idTypeDL: 'Permis de conduire',
  idTypeID: 'Carte d’identité',
  idTypePRC: 'Carte de résident permanent',
  idTypePC: 'Carte passeport',
  idTypeP: 'Passeport',
  frontTitle: 'Recto de votre pièce d’identité',
  backTitle: 'Verso de votre pièce d’identité',
  passportTitle: 'Page photo du passeport',
  frontInstruction: 'Placez le recto de votre pièce d’identité dans le cadre',
  backInstruction: 'Retournez votre pièce d’identité et placez le verso dans le cadre',
  passportInstruction: 'Ouvrez votre passeport à la page photo et placez-la dans le cadre',
  cameraLabel: 'Aperçu de la caméra',
  shutter: 'Prendre la photo',
  switchCamera: 'Changer de caméra',
  torchOn: 'Allumer la lampe',
  torchOff: 'Éteindre la lampe',
  guideNoDocument: 'Rapprochez-vous pour que la pièce remplisse le cadre',
  guideTooDark: 'Trop sombre : cherchez plus de lumière',
  guideTooBright: 'Trop lumineux : évitez la lumière directe',
  guideGlare: 'Reflet sur la carte : inclinez-la légèrement',
  guideBlurry: 'Ne bougez plus : l’image est floue',
  guideMoving: 'Ne bougez plus',
  guideGood: 'C’est bien : ne bougez plus',
  guideWrongSide: 'C’est le verso de votre pièce. Montrez le recto.',
  guideShowBarcode: 'Retournez votre pièce : montrez le côté avec le code-barres',
  guideReadingBarcode: 'Lecture du code-barres : ne bougez plus',
  barcodeUnreadable:
    'Le code-barres est illisible. Tenez le verso de votre pièce à plat et immobile, puis prenez la photo.',
  cameraDeniedTitle: 'L’accès à la caméra est bloqué',
  cameraDeniedAdvice:
    'Autorisez l’accès à la caméra dans les réglages du navigateur, puis réessayez. Ou envoyez plutôt une photo.',
  cameraUnavailableTitle: 'Aucune caméra disponible',
  cameraUnavailableAdvice:
    'Ce navigateur ou cet appareil ne propose pas de caméra ici. Envoyez plutôt une photo de votre document.',
  cameraEndedTitle: 'La caméra s’est arrêtée',
  tryAgain: 'Réessayer',
  uploadTitle: 'Envoyer une photo',
  uploadAdvice: 'Prenez ou choisissez une photo nette du document, à plat et entièrement visible.',
  chooseFile: 'Choisir une photo',
  dropHint: 'ou glissez une photo ici',
  reviewTitle: 'Vérifiez votre photo',
  reviewAdvice: 'Tout le texte doit être lisible, sans reflet ni flou.',
  reviewImageAlt: 'La photo de votre document',
  reviewBlurry: 'La photo semble floue. Le texte risque d’être illisible.',
  reviewTooDark: 'La photo est trop sombre.',
  reviewTooBright: 'La photo est trop lumineuse.',
  reviewGlare: 'Il y a un reflet sur le document.',
  reviewNoDocument: 'Le document est difficile à repérer sur cette photo. Faites-lui remplir la photo.',
  reviewWrongSide: 'On dirait le verso de la pièce. Utilisez une photo du recto.',
  usePhoto: 'Utiliser cette photo',
  retake: 'Reprendre',
  preparing: 'Préparation de votre photo…',
  sending: 'Envoi… {percent} %',
  reconnecting: 'Reconnexion…',
  offline: 'Vous êtes hors ligne. Votre photo est conservée et sera envoyée dès le retour de la connexion.',
  uploadFailedTitle: 'Impossible d’envoyer votre photo',
  uploadFailedAdvice: 'Votre photo est conservée. Vérifiez votre connexion et réessayez.',
  fileNotImage: 'Ce fichier n’est pas une photo lisible. Choisissez une photo JPEG ou PNG.',
  fileTooLarge: 'Ce fichier est trop volumineux. Choisissez une photo plus petite.',
  workerUnavailable: 'Cette page n’a pas pu préparer la photo. Rechargez la page et réessayez.',
  shutterFailed: 'La photo n’a pas pu être prise. Réessayez ou choisissez une photo.',
  issuesTitle: 'Essayons encore une fois',
  issueTextUnreadable: 'Nous n’avons pas pu lire le texte de votre document.',
  issueTextUnreadableAdvice:
    'Utilisez une bonne lumière, évitez les reflets et tenez l’appareil immobile pour que chaque lettre soit nette.',
  issueNoFace: 'Nous n’avons pas vu la photo de votre visage sur le document.',
  issueNoFaceAdvice: 'Vérifiez que tout le document est dans le cadre et que rien ne cache la photo.',
  issueIncompleteBarcode: 'Nous n’avons pas pu lire tout le code-barres du verso.',
  issueIncompleteBarcodeAdvice:
    'Remplissez le cadre avec le verso de votre pièce et gardez le code-barres net et sans reflet.',
  issueUnsupportedIdType: 'Ce type de document n’est pas accepté.',
  issueUnsupportedIdTypeAdvice:
    'Utilisez un permis de conduire, une carte d’identité, un titre de séjour ou un passeport.',
  issueVisaPage: 'Cela ressemble à une page de visa.',
  issueVisaPageAdvice: 'Photographiez plutôt la page du passeport avec votre photo et vos données personnelles.',
  issueBadUpload: 'La photo n’a pas pu être utilisée.',
  issueBadUploadAdvice: 'Prenez une nouvelle photo du document entier, à plat et net.',
  issueUnknown: 'La photo n’a pas été acceptée.',
  issueUnknownAdvice: 'Prenez une nouvelle photo nette du document entier.',
  finishedTitle: 'Terminé',
  finishedAdvice: 'Merci. Votre document a été envoyé.',
  sessionErrorTitle: 'Impossible de commencer',
  sessionErrorAdvice: 'Vérifiez votre connexion et réessayez.',
  sessionRestarted: 'Votre session avait expiré, nous avons donc recommencé.',
  unsupportedStepTitle: 'Cette étape ne peut pas se faire ici',
  unsupportedStepAdvice: 'Contactez le service qui vous a envoyé ici.',
};

const de: CaptureStrings = {
  ...HANDOFF_STRINGS.de,
  starting: 'Wird vorbereitet…',
  chooseTypeTitle: 'Welches Dokument möchten Sie verwenden?',
  idTypeDL: 'Führerschein',
  idTypeID: 'Personalausweis',
  idTypePRC: 'Daueraufenthaltskarte',
  idTypePC: 'Passkarte',
  idTypeP: 'Reisepass',
  frontTitle: 'Vorderseite Ihres Ausweises',
  backTitle: 'Rückseite Ihres Ausweises',
  passportTitle: 'Fotoseite des Reisepasses',
  frontInstruction: 'Legen Sie die Vorderseite Ihres Ausweises in den Rahmen',
  backInstruction: 'Drehen Sie Ihren Ausweis um und legen Sie die Rückseite in den Rahmen',
  passportInstruction: 'Schlagen Sie die Fotoseite Ihres Reisepasses auf und legen Sie sie in den Rahmen',
  cameraLabel: 'Kameravorschau',
  shutter: 'Foto aufnehmen',
  switchCamera: 'Kamera wechseln',
  torchOn: 'Licht einschalten',
  torchOff: 'Licht ausschalten',
  guideNoDocument: 'Gehen Sie näher heran, bis der Ausweis den Rahmen füllt',
  guideTooDark: 'Zu dunkel: Suchen Sie mehr Licht',
  guideTooBright: 'Zu hell: Meiden Sie direktes Licht',
  guideGlare: 'Spiegelung auf der Karte: Kippen Sie sie leicht',
  guideBlurry: 'Halten Sie still: Das Bild ist unscharf',
  guideMoving: 'Halten Sie still',
  guideGood: 'Gut so: Halten Sie still',
  guideWrongSide: 'Das ist die Rückseite Ihres Ausweises. Zeigen Sie die Vorderseite.',
  guideShowBarcode: 'Drehen Sie Ihren Ausweis um: Zeigen Sie die Seite mit dem Barcode',
  guideReadingBarcode: 'Barcode wird gelesen: Halten Sie still',
  barcodeUnreadable:
    'Der Barcode lässt sich nicht lesen. Halten Sie die Rückseite Ihres Ausweises flach und ruhig und machen Sie dann das Foto.',
  cameraDeniedTitle: 'Der Kamerazugriff ist blockiert',
  cameraDeniedAdvice:
    'Erlauben Sie den Kamerazugriff in den Browser-Einstellungen und versuchen Sie es erneut. Oder laden Sie ein Foto hoch.',
  cameraUnavailableTitle: 'Keine Kamera verfügbar',
  cameraUnavailableAdvice:
    'Dieser Browser oder dieses Gerät bietet hier keine Kamera. Laden Sie stattdessen ein Foto Ihres Dokuments hoch.',
  cameraEndedTitle: 'Die Kamera wurde beendet',
  tryAgain: 'Erneut versuchen',
  uploadTitle: 'Foto hochladen',
  uploadAdvice: 'Nehmen oder wählen Sie ein scharfes Foto des Dokuments, flach und vollständig sichtbar.',
  chooseFile: 'Foto auswählen',
  dropHint: 'oder ziehen Sie ein Foto hierher',
  reviewTitle: 'Prüfen Sie Ihr Foto',
  reviewAdvice: 'Der ganze Text muss lesbar sein, ohne Spiegelungen oder Unschärfe.',
  reviewImageAlt: 'Das Foto Ihres Dokuments',
  reviewBlurry: 'Das Foto wirkt unscharf. Der Text ist womöglich nicht lesbar.',
  reviewTooDark: 'Das Foto ist zu dunkel.',
  reviewTooBright: 'Das Foto ist zu hell.',
  reviewGlare: 'Auf dem Dokument ist eine Spiegelung.',
  reviewNoDocument: 'Das Dokument ist auf diesem Foto schwer zu erkennen. Lassen Sie es das Foto füllen.',
  reviewWrongSide: 'Das sieht nach der Rückseite des Ausweises aus. Verwenden Sie ein Foto der Vorderseite.',
  usePhoto: 'Dieses Foto verwenden',
  retake: 'Neu aufnehmen',
  preparing: 'Ihr Foto wird vorbereitet…',
  sending: 'Wird gesendet… {percent} %',
  reconnecting: 'Verbindung wird wiederhergestellt…',
  offline: 'Sie sind offline. Ihr Foto bleibt erhalten und wird gesendet, sobald Sie wieder online sind.',
  uploadFailedTitle: 'Ihr Foto konnte nicht gesendet werden',
  uploadFailedAdvice: 'Ihr Foto bleibt erhalten. Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  fileNotImage: 'Diese Datei ist kein lesbares Foto. Wählen Sie ein JPEG- oder PNG-Foto.',
  fileTooLarge: 'Diese Datei ist zu groß. Wählen Sie ein kleineres Foto.',
  workerUnavailable:
    'Diese Seite konnte das Foto nicht vorbereiten. Laden Sie die Seite neu und versuchen Sie es erneut.',
  shutterFailed: 'Das Foto konnte nicht aufgenommen werden. Versuchen Sie es erneut oder wählen Sie ein Foto.',
  issuesTitle: 'Versuchen wir es noch einmal',
  issueTextUnreadable: 'Der Text auf Ihrem Dokument war nicht lesbar.',
  issueTextUnreadableAdvice:
    'Sorgen Sie für gutes Licht, vermeiden Sie Spiegelungen und halten Sie die Kamera ruhig, damit jeder Buchstabe scharf ist.',
  issueNoFace: 'Das Foto Ihres Gesichts auf dem Dokument war nicht zu sehen.',
  issueNoFaceAdvice: 'Achten Sie darauf, dass das ganze Dokument im Rahmen ist und nichts das Foto verdeckt.',
  issueIncompleteBarcode: 'Der Barcode auf der Rückseite war nicht vollständig lesbar.',
  issueIncompleteBarcodeAdvice:
    'Füllen Sie den Rahmen mit der Rückseite Ihres Ausweises und halten Sie den Barcode scharf und ohne Spiegelung.',
  issueUnsupportedIdType: 'Diese Art von Dokument wird nicht akzeptiert.',
  issueUnsupportedIdTypeAdvice: 'Verwenden Sie einen Führerschein, Personalausweis, Aufenthaltstitel oder Reisepass.',
  issueVisaPage: 'Das sieht aus wie eine Visumseite.',
  issueVisaPageAdvice: 'Fotografieren Sie stattdessen die Passseite mit Ihrem Foto und Ihren persönlichen Daten.',
  issueBadUpload: 'Das Foto konnte nicht verwendet werden.',
  issueBadUploadAdvice: 'Nehmen Sie ein neues Foto des ganzen Dokuments auf, flach und scharf.',
  issueUnknown: 'Das Foto wurde nicht akzeptiert.',
  issueUnknownAdvice: 'Nehmen Sie ein neues, scharfes Foto des ganzen Dokuments auf.',
  finishedTitle: 'Fertig',
  finishedAdvice: 'Vielen Dank. Ihr Dokument wurde gesendet.',
  sessionErrorTitle: 'Wir konnten nicht starten',
  sessionErrorAdvice: 'Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
  sessionRestarted: 'Ihre Sitzung war abgelaufen, daher haben wir neu begonnen.',
  unsupportedStepTitle: 'Dieser Schritt ist hier nicht möglich',
  unsupportedStepAdvice: 'Bitte wenden Sie sich an den Dienst, der Sie hierher geschickt hat.',
};

const pt: CaptureStrings = {
  ...HANDOFF_STRINGS.pt,
  starting: 'A preparar…',
  chooseTypeTitle: 'Que documento vai usar?',
  idTypeDL: 'Carta de condução',
  idTypeID: 'Cartão de identidade',
  idTypePRC: 'Cartão de residente permanente',
  idTypePC: 'Cartão de passaporte',
  idTypeP: 'Passaporte',
  frontTitle: 'Frente do seu documento',
  backTitle: 'Verso do seu documento',
  passportTitle: 'Página da fotografia do passaporte',
  frontInstruction: 'Coloque a frente do seu documento dentro da moldura',
  backInstruction: 'Vire o seu documento e coloque o verso dentro da moldura',
  passportInstruction: 'Abra o passaporte na página da fotografia e coloque-a dentro da moldura',
  cameraLabel: 'Pré-visualização da câmara',
  shutter: 'Tirar fotografia',
  switchCamera: 'Mudar de câmara',
  torchOn: 'Ligar a luz',
  torchOff: 'Desligar a luz',
  guideNoDocument: 'Aproxime-se para que o documento preencha a moldura',
  guideTooDark: 'Demasiado escuro: procure mais luz',
  guideTooBright: 'Demasiado claro: afaste-se da luz direta',
  guideGlare: 'Reflexo no cartão: incline-o ligeiramente',
  guideBlurry: 'Não se mexa: a imagem está desfocada',
  guideMoving: 'Não se mexa',
  guideGood: 'Está bem: não se mexa',
  guideWrongSide: 'Esse é o verso do seu documento. Mostre a frente.',
  guideShowBarcode: 'Vire o seu documento: mostre o lado com o código de barras',
  guideReadingBarcode: 'A ler o código de barras: não se mexa',
  barcodeUnreadable:
    'Não é possível ler o código de barras. Segure o verso do seu documento plano e imóvel e depois tire a fotografia.',
  cameraDeniedTitle: 'O acesso à câmara está bloqueado',
  cameraDeniedAdvice:
    'Permita o acesso à câmara nas definições do navegador e tente novamente. Ou envie uma fotografia.',
  cameraUnavailableTitle: 'Nenhuma câmara disponível',
  cameraUnavailableAdvice:
    'Este navegador ou dispositivo não oferece uma câmara aqui. Envie antes uma fotografia do seu documento.',
  cameraEndedTitle: 'A câmara parou',
  tryAgain: 'Tentar novamente',
  uploadTitle: 'Enviar uma fotografia',
  uploadAdvice: 'Tire ou escolha uma fotografia nítida do documento, plano e totalmente visível.',
  chooseFile: 'Escolher uma fotografia',
  dropHint: 'ou arraste uma fotografia para aqui',
  reviewTitle: 'Verifique a sua fotografia',
  reviewAdvice: 'Todo o texto deve estar legível, sem reflexos nem desfocagem.',
  reviewImageAlt: 'A fotografia do seu documento',
  reviewBlurry: 'A fotografia parece desfocada. O texto pode não ficar legível.',
  reviewTooDark: 'A fotografia está demasiado escura.',
  reviewTooBright: 'A fotografia está demasiado clara.',
  reviewGlare: 'Há reflexos no documento.',
  reviewNoDocument: 'É difícil encontrar o documento nesta fotografia. Faça com que ocupe a fotografia toda.',
  reviewWrongSide: 'Parece o verso do documento. Use uma fotografia da frente.',
  usePhoto: 'Usar esta fotografia',
  retake: 'Repetir',
  preparing: 'A preparar a sua fotografia…',
  sending: 'A enviar… {percent}%',
  reconnecting: 'A restabelecer a ligação…',
  offline: 'Está sem ligação. A sua fotografia fica guardada e será enviada quando voltar a estar online.',
  uploadFailedTitle: 'Não foi possível enviar a sua fotografia',
  uploadFailedAdvice: 'A sua fotografia fica guardada. Verifique a ligação e tente novamente.',
  fileNotImage: 'Esse ficheiro não é uma fotografia legível. Escolha uma fotografia JPEG ou PNG.',
  fileTooLarge: 'Esse ficheiro é demasiado grande. Escolha uma fotografia mais pequena.',
  workerUnavailable: 'Esta página não conseguiu preparar a fotografia. Recarregue a página e tente novamente.',
  shutterFailed: 'Não foi possível tirar a fotografia. Tente novamente ou escolha uma fotografia.',
  issuesTitle: 'Vamos tentar outra vez',
  issueTextUnreadable: 'Não foi possível ler o texto do seu documento.',
  issueTextUnreadableAdvice:
    'Use boa luz, evite reflexos e segure a câmara com firmeza para que todas as letras fiquem nítidas.',
  issueNoFace: 'Não foi possível ver a fotografia do seu rosto no documento.',
  issueNoFaceAdvice: 'Garanta que o documento inteiro está na moldura e que nada tapa a fotografia.',
  issueIncompleteBarcode: 'Não foi possível ler o código de barras completo no verso.',
  issueIncompleteBarcodeAdvice:
    'Preencha a moldura com o verso do documento e mantenha o código de barras nítido e sem reflexos.',
  issueUnsupportedIdType: 'Este tipo de documento não é aceite.',
  issueUnsupportedIdTypeAdvice:
    'Use uma carta de condução, cartão de identidade, autorização de residência ou passaporte.',
  issueVisaPage: 'Isso parece uma página de visto.',
  issueVisaPageAdvice: 'Fotografe antes a página do passaporte com a sua fotografia e os seus dados pessoais.',
  issueBadUpload: 'Não foi possível usar a fotografia.',
  issueBadUploadAdvice: 'Tire uma nova fotografia do documento inteiro, plano e focado.',
  issueUnknown: 'A fotografia não foi aceite.',
  issueUnknownAdvice: 'Tire uma nova fotografia nítida do documento inteiro.',
  finishedTitle: 'Concluído',
  finishedAdvice: 'Obrigado. O seu documento foi enviado.',
  sessionErrorTitle: 'Não foi possível começar',
  sessionErrorAdvice: 'Verifique a sua ligação e tente novamente.',
  sessionRestarted: 'A sua sessão tinha expirado, por isso começámos de novo.',
  unsupportedStepTitle: 'Este passo não pode ser feito aqui',
  unsupportedStepAdvice: 'Contacte o serviço que o enviou para aqui.',
};

export const LANGUAGES = { en, es, fr, de, pt } as const;
export type Language = keyof typeof LANGUAGES;

/** Picks the first supported language among the candidates (`es-MX` matches `es`); English otherwise. */
export function pickLanguage(candidates: ReadonlyArray<string | null | undefined>): Language {
  for (const candidate of candidates) {
    const base = candidate?.toLowerCase().split('-')[0];
    if (base && Object.hasOwn(LANGUAGES, base)) return base as Language;
  }
  return 'en';
}

/** The language's strings with the page's overrides on top; only string overrides of known keys count. */
export function stringsFor(language: Language, overrides: Partial<CaptureStrings> = {}): CaptureStrings {
  const strings = { ...LANGUAGES[language] };
  for (const [key, value] of Object.entries(overrides ?? {})) {
    if (Object.hasOwn(strings, key) && typeof value === 'string') strings[key as keyof CaptureStrings] = value;
  }
  return strings;
}

/** Replaces `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : match,
  );
}
