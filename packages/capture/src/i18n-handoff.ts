/**
 * The hand-off texts (continue on a phone), part of `CaptureStrings`, kept apart so the main
 * string table stays readable. `{time}` in `handoffExpires` is the code's expiry as a local time.
 */
export interface HandoffStrings {
  handoffChoiceTitle: string;
  handoffChoiceAdvice: string;
  handoffContinueOnPhone: string;
  handoffUseThisCamera: string;
  handoffOfferTitle: string;
  handoffOfferAdvice: string;
  handoffQrLabel: string;
  handoffLinkLabel: string;
  handoffCopy: string;
  handoffCopied: string;
  handoffCopySelected: string;
  handoffExpires: string;
  handoffWaiting: string;
  handoffPhoneConnected: string;
  handoffFrontDone: string;
  handoffBackDone: string;
  handoffPassportDone: string;
  handoffUseComputerInstead: string;
  handoffWatchingTitle: string;
  handoffWatchingAdvice: string;
  handoffExpiredTitle: string;
  handoffExpiredAdvice: string;
  handoffNewCode: string;
  handoffOfferFailed: string;
  handoffOfferRateLimited: string;
  handoffBanner: string;
  handoffCancel: string;
  handoffCancelledTitle: string;
  handoffCancelledAdvice: string;
  handoffTakenBackTitle: string;
  handoffTakenBackAdvice: string;
  handoffUsedTitle: string;
  handoffUsedAdvice: string;
  handoffLinkExpiredTitle: string;
  handoffLinkExpiredAdvice: string;
  handoffInvalidTitle: string;
  handoffInvalidAdvice: string;
  handoffRateLimitedTitle: string;
  handoffRateLimitedAdvice: string;
  handoffUnreachableTitle: string;
  handoffUnreachableAdvice: string;
}

const en: HandoffStrings = {
  handoffChoiceTitle: 'How do you want to take the photos?',
  handoffChoiceAdvice: 'A phone camera usually takes clearer photos of an ID than a computer camera.',
  handoffContinueOnPhone: 'Continue on your phone',
  handoffUseThisCamera: 'Use this computer’s camera',
  handoffOfferTitle: 'Scan this code with your phone',
  handoffOfferAdvice: 'Point your phone’s camera at the code and open the link. Or open the link below on your phone.',
  handoffQrLabel: 'QR code of the link below',
  handoffLinkLabel: 'Link for your phone',
  handoffCopy: 'Copy link',
  handoffCopied: 'Copied',
  handoffCopySelected: 'The link is selected: copy it with your keyboard or menu.',
  handoffExpires: 'The code works until {time}.',
  handoffWaiting: 'Waiting for your phone…',
  handoffPhoneConnected: 'Phone connected',
  handoffFrontDone: 'Front done',
  handoffBackDone: 'Back done',
  handoffPassportDone: 'Photo page done',
  handoffUseComputerInstead: 'Use this computer instead',
  handoffWatchingTitle: 'Continue on your phone…',
  handoffWatchingAdvice: 'Take the photos on your phone. This page follows along by itself.',
  handoffExpiredTitle: 'The code has expired',
  handoffExpiredAdvice:
    'For your security, a code works for a few minutes only. Show a new one to continue on your phone.',
  handoffNewCode: 'Show a new code',
  handoffOfferFailed: 'We could not create a code. Try again, or use this computer’s camera.',
  handoffOfferRateLimited: 'Too many codes were asked for. Wait a minute, then try again.',
  handoffBanner: 'Continuing from your computer',
  handoffCancel: 'Cancel',
  handoffCancelledTitle: 'Carry on on your computer',
  handoffCancelledAdvice: 'You cancelled on this phone. Go back to your computer to finish there.',
  handoffTakenBackTitle: 'Continuing on your other device',
  handoffTakenBackAdvice: 'The capture now continues on your computer. You can close this page.',
  handoffUsedTitle: 'This link was already used',
  handoffUsedAdvice: 'This link was already used on another device. Ask for a new code on your computer.',
  handoffLinkExpiredTitle: 'This link has expired',
  handoffLinkExpiredAdvice: 'Links work for a few minutes only. Ask for a new code on your computer.',
  handoffInvalidTitle: 'This link does not work',
  handoffInvalidAdvice:
    'The link is incomplete or no longer valid. Ask for a new code on your computer and scan it again.',
  handoffRateLimitedTitle: 'Too many tries',
  handoffRateLimitedAdvice: 'Wait a minute, then scan the code on your computer again.',
  handoffUnreachableTitle: 'We could not connect',
  handoffUnreachableAdvice: 'Check your connection and try again.',
};

const es: HandoffStrings = {
  handoffChoiceTitle: '¿Cómo quiere tomar las fotos?',
  handoffChoiceAdvice: 'La cámara de un teléfono suele sacar fotos de un documento más nítidas que la de un ordenador.',
  handoffContinueOnPhone: 'Continuar en el teléfono',
  handoffUseThisCamera: 'Usar la cámara de este ordenador',
  handoffOfferTitle: 'Escanee este código con su teléfono',
  handoffOfferAdvice:
    'Apunte la cámara del teléfono al código y abra el enlace. O abra en su teléfono el enlace de abajo.',
  handoffQrLabel: 'Código QR del enlace de abajo',
  handoffLinkLabel: 'Enlace para su teléfono',
  handoffCopy: 'Copiar enlace',
  handoffCopied: 'Copiado',
  handoffCopySelected: 'El enlace está seleccionado: cópielo con el teclado o el menú.',
  handoffExpires: 'El código funciona hasta las {time}.',
  handoffWaiting: 'Esperando a su teléfono…',
  handoffPhoneConnected: 'Teléfono conectado',
  handoffFrontDone: 'Anverso listo',
  handoffBackDone: 'Reverso listo',
  handoffPassportDone: 'Página de la foto lista',
  handoffUseComputerInstead: 'Usar este ordenador',
  handoffWatchingTitle: 'Continúe en su teléfono…',
  handoffWatchingAdvice: 'Tome las fotos con el teléfono. Esta página se actualiza sola.',
  handoffExpiredTitle: 'El código ha caducado',
  handoffExpiredAdvice:
    'Por su seguridad, un código solo sirve unos minutos. Muestre uno nuevo para continuar en el teléfono.',
  handoffNewCode: 'Mostrar un código nuevo',
  handoffOfferFailed: 'No pudimos crear un código. Inténtelo de nuevo o use la cámara de este ordenador.',
  handoffOfferRateLimited: 'Se han pedido demasiados códigos. Espere un minuto y vuelva a intentarlo.',
  handoffBanner: 'Continuando desde su ordenador',
  handoffCancel: 'Cancelar',
  handoffCancelledTitle: 'Siga en su ordenador',
  handoffCancelledAdvice: 'Ha cancelado en este teléfono. Vuelva a su ordenador para terminar allí.',
  handoffTakenBackTitle: 'Continúa en su otro dispositivo',
  handoffTakenBackAdvice: 'La captura continúa ahora en su ordenador. Puede cerrar esta página.',
  handoffUsedTitle: 'Este enlace ya se ha usado',
  handoffUsedAdvice: 'Este enlace ya se usó en otro dispositivo. Pida un código nuevo en su ordenador.',
  handoffLinkExpiredTitle: 'Este enlace ha caducado',
  handoffLinkExpiredAdvice: 'Los enlaces solo sirven unos minutos. Pida un código nuevo en su ordenador.',
  handoffInvalidTitle: 'Este enlace no funciona',
  handoffInvalidAdvice:
    'El enlace está incompleto o ya no es válido. Pida un código nuevo en su ordenador y escanéelo otra vez.',
  handoffRateLimitedTitle: 'Demasiados intentos',
  handoffRateLimitedAdvice: 'Espere un minuto y vuelva a escanear el código de su ordenador.',
  handoffUnreachableTitle: 'No pudimos conectar',
  handoffUnreachableAdvice: 'Compruebe su conexión y vuelva a intentarlo.',
};

const fr: HandoffStrings = {
  handoffChoiceTitle: 'Comment voulez-vous prendre les photos ?',
  handoffChoiceAdvice:
    'L’appareil photo d’un téléphone prend en général des photos de pièce d’identité plus nettes que celui d’un ordinateur.',
  handoffContinueOnPhone: 'Continuer sur votre téléphone',
  handoffUseThisCamera: 'Utiliser la caméra de cet ordinateur',
  handoffOfferTitle: 'Scannez ce code avec votre téléphone',
  handoffOfferAdvice:
    'Visez le code avec l’appareil photo du téléphone et ouvrez le lien. Ou ouvrez le lien ci-dessous sur votre téléphone.',
  handoffQrLabel: 'Code QR du lien ci-dessous',
  handoffLinkLabel: 'Lien pour votre téléphone',
  handoffCopy: 'Copier le lien',
  handoffCopied: 'Copié',
  handoffCopySelected: 'Le lien est sélectionné : copiez-le avec le clavier ou le menu.',
  handoffExpires: 'Le code est valable jusqu’à {time}.',
  handoffWaiting: 'En attente de votre téléphone…',
  handoffPhoneConnected: 'Téléphone connecté',
  handoffFrontDone: 'Recto terminé',
  handoffBackDone: 'Verso terminé',
  handoffPassportDone: 'Page photo terminée',
  handoffUseComputerInstead: 'Utiliser plutôt cet ordinateur',
  handoffWatchingTitle: 'Continuez sur votre téléphone…',
  handoffWatchingAdvice: 'Prenez les photos avec votre téléphone. Cette page suit d’elle-même.',
  handoffExpiredTitle: 'Le code a expiré',
  handoffExpiredAdvice:
    'Pour votre sécurité, un code ne vaut que quelques minutes. Affichez-en un nouveau pour continuer sur votre téléphone.',
  handoffNewCode: 'Afficher un nouveau code',
  handoffOfferFailed: 'Impossible de créer un code. Réessayez ou utilisez la caméra de cet ordinateur.',
  handoffOfferRateLimited: 'Trop de codes demandés. Attendez une minute, puis réessayez.',
  handoffBanner: 'Suite de votre ordinateur',
  handoffCancel: 'Annuler',
  handoffCancelledTitle: 'Poursuivez sur votre ordinateur',
  handoffCancelledAdvice: 'Vous avez annulé sur ce téléphone. Retournez sur votre ordinateur pour terminer.',
  handoffTakenBackTitle: 'La suite se passe sur votre autre appareil',
  handoffTakenBackAdvice: 'La capture continue maintenant sur votre ordinateur. Vous pouvez fermer cette page.',
  handoffUsedTitle: 'Ce lien a déjà servi',
  handoffUsedAdvice: 'Ce lien a déjà été utilisé sur un autre appareil. Demandez un nouveau code sur votre ordinateur.',
  handoffLinkExpiredTitle: 'Ce lien a expiré',
  handoffLinkExpiredAdvice: 'Les liens ne valent que quelques minutes. Demandez un nouveau code sur votre ordinateur.',
  handoffInvalidTitle: 'Ce lien ne fonctionne pas',
  handoffInvalidAdvice:
    'Le lien est incomplet ou n’est plus valable. Demandez un nouveau code sur votre ordinateur et scannez-le à nouveau.',
  handoffRateLimitedTitle: 'Trop de tentatives',
  handoffRateLimitedAdvice: 'Attendez une minute, puis scannez à nouveau le code de votre ordinateur.',
  handoffUnreachableTitle: 'Connexion impossible',
  handoffUnreachableAdvice: 'Vérifiez votre connexion et réessayez.',
};

const de: HandoffStrings = {
  handoffChoiceTitle: 'Wie möchten Sie die Fotos aufnehmen?',
  handoffChoiceAdvice: 'Eine Handykamera macht meist schärfere Fotos eines Ausweises als eine Computerkamera.',
  handoffContinueOnPhone: 'Auf dem Handy fortfahren',
  handoffUseThisCamera: 'Kamera dieses Computers verwenden',
  handoffOfferTitle: 'Scannen Sie diesen Code mit Ihrem Handy',
  handoffOfferAdvice:
    'Richten Sie die Handykamera auf den Code und öffnen Sie den Link. Oder öffnen Sie den Link unten auf Ihrem Handy.',
  handoffQrLabel: 'QR-Code des Links unten',
  handoffLinkLabel: 'Link für Ihr Handy',
  handoffCopy: 'Link kopieren',
  handoffCopied: 'Kopiert',
  handoffCopySelected: 'Der Link ist markiert: Kopieren Sie ihn mit der Tastatur oder dem Menü.',
  handoffExpires: 'Der Code gilt bis {time} Uhr.',
  handoffWaiting: 'Warten auf Ihr Handy…',
  handoffPhoneConnected: 'Handy verbunden',
  handoffFrontDone: 'Vorderseite erledigt',
  handoffBackDone: 'Rückseite erledigt',
  handoffPassportDone: 'Fotoseite erledigt',
  handoffUseComputerInstead: 'Doch diesen Computer verwenden',
  handoffWatchingTitle: 'Weiter auf Ihrem Handy…',
  handoffWatchingAdvice: 'Nehmen Sie die Fotos mit dem Handy auf. Diese Seite aktualisiert sich selbst.',
  handoffExpiredTitle: 'Der Code ist abgelaufen',
  handoffExpiredAdvice:
    'Zu Ihrer Sicherheit gilt ein Code nur wenige Minuten. Lassen Sie einen neuen anzeigen, um auf dem Handy fortzufahren.',
  handoffNewCode: 'Neuen Code anzeigen',
  handoffOfferFailed:
    'Es konnte kein Code erstellt werden. Versuchen Sie es erneut oder verwenden Sie die Kamera dieses Computers.',
  handoffOfferRateLimited: 'Zu viele Codes angefordert. Warten Sie eine Minute und versuchen Sie es dann erneut.',
  handoffBanner: 'Fortsetzung von Ihrem Computer',
  handoffCancel: 'Abbrechen',
  handoffCancelledTitle: 'Machen Sie am Computer weiter',
  handoffCancelledAdvice:
    'Sie haben auf diesem Handy abgebrochen. Gehen Sie zurück an Ihren Computer, um dort abzuschließen.',
  handoffTakenBackTitle: 'Es geht auf Ihrem anderen Gerät weiter',
  handoffTakenBackAdvice: 'Die Aufnahme geht jetzt auf Ihrem Computer weiter. Sie können diese Seite schließen.',
  handoffUsedTitle: 'Dieser Link wurde bereits verwendet',
  handoffUsedAdvice:
    'Dieser Link wurde bereits auf einem anderen Gerät verwendet. Fordern Sie an Ihrem Computer einen neuen Code an.',
  handoffLinkExpiredTitle: 'Dieser Link ist abgelaufen',
  handoffLinkExpiredAdvice: 'Links gelten nur wenige Minuten. Fordern Sie an Ihrem Computer einen neuen Code an.',
  handoffInvalidTitle: 'Dieser Link funktioniert nicht',
  handoffInvalidAdvice:
    'Der Link ist unvollständig oder nicht mehr gültig. Fordern Sie an Ihrem Computer einen neuen Code an und scannen Sie ihn erneut.',
  handoffRateLimitedTitle: 'Zu viele Versuche',
  handoffRateLimitedAdvice: 'Warten Sie eine Minute und scannen Sie dann den Code an Ihrem Computer erneut.',
  handoffUnreachableTitle: 'Keine Verbindung möglich',
  handoffUnreachableAdvice: 'Prüfen Sie Ihre Verbindung und versuchen Sie es erneut.',
};

const pt: HandoffStrings = {
  handoffChoiceTitle: 'Como quer tirar as fotografias?',
  handoffChoiceAdvice:
    'A câmara de um telemóvel costuma tirar fotografias de um documento mais nítidas do que a de um computador.',
  handoffContinueOnPhone: 'Continuar no telemóvel',
  handoffUseThisCamera: 'Usar a câmara deste computador',
  handoffOfferTitle: 'Leia este código com o telemóvel',
  handoffOfferAdvice:
    'Aponte a câmara do telemóvel para o código e abra a ligação. Ou abra no telemóvel a ligação abaixo.',
  handoffQrLabel: 'Código QR da ligação abaixo',
  handoffLinkLabel: 'Ligação para o seu telemóvel',
  handoffCopy: 'Copiar ligação',
  handoffCopied: 'Copiada',
  handoffCopySelected: 'A ligação está selecionada: copie-a com o teclado ou o menu.',
  handoffExpires: 'O código é válido até às {time}.',
  handoffWaiting: 'À espera do seu telemóvel…',
  handoffPhoneConnected: 'Telemóvel ligado',
  handoffFrontDone: 'Frente concluída',
  handoffBackDone: 'Verso concluído',
  handoffPassportDone: 'Página da fotografia concluída',
  handoffUseComputerInstead: 'Usar antes este computador',
  handoffWatchingTitle: 'Continue no telemóvel…',
  handoffWatchingAdvice: 'Tire as fotografias com o telemóvel. Esta página atualiza-se sozinha.',
  handoffExpiredTitle: 'O código expirou',
  handoffExpiredAdvice:
    'Por segurança, um código só é válido durante alguns minutos. Mostre um novo para continuar no telemóvel.',
  handoffNewCode: 'Mostrar um código novo',
  handoffOfferFailed: 'Não foi possível criar um código. Tente novamente ou use a câmara deste computador.',
  handoffOfferRateLimited: 'Foram pedidos demasiados códigos. Aguarde um minuto e tente novamente.',
  handoffBanner: 'A continuar a partir do computador',
  handoffCancel: 'Cancelar',
  handoffCancelledTitle: 'Continue no computador',
  handoffCancelledAdvice: 'Cancelou neste telemóvel. Volte ao computador para terminar lá.',
  handoffTakenBackTitle: 'Continua no seu outro dispositivo',
  handoffTakenBackAdvice: 'A captura continua agora no seu computador. Pode fechar esta página.',
  handoffUsedTitle: 'Esta ligação já foi usada',
  handoffUsedAdvice: 'Esta ligação já foi usada noutro dispositivo. Peça um código novo no computador.',
  handoffLinkExpiredTitle: 'Esta ligação expirou',
  handoffLinkExpiredAdvice: 'As ligações só são válidas durante alguns minutos. Peça um código novo no computador.',
  handoffInvalidTitle: 'Esta ligação não funciona',
  handoffInvalidAdvice:
    'A ligação está incompleta ou já não é válida. Peça um código novo no computador e leia-o outra vez.',
  handoffRateLimitedTitle: 'Demasiadas tentativas',
  handoffRateLimitedAdvice: 'Aguarde um minuto e volte a ler o código do computador.',
  handoffUnreachableTitle: 'Não foi possível ligar',
  handoffUnreachableAdvice: 'Verifique a sua ligação e tente novamente.',
};

export const HANDOFF_STRINGS = { en, es, fr, de, pt } as const;
