
## buttons

buttons-claim = Asignarme
buttons-escalate = Escalar
buttons-resolve = Resolver
buttons-ask = Preguntar al solicitante
buttons-add-comment = Añadir un comentario
buttons-fixed = Solucionado
buttons-still-broken = Sigue sin funcionar
buttons-cancel-ticket = Cancelar { $ticket }
buttons-previous-page = Anterior
buttons-next-page = Siguiente
buttons-submit = Enviar
buttons-edit = Editar
buttons-cancel = Cancelar
buttons-skip = Omitir
buttons-answer = Responder
buttons-rating-placeholder = ¿Qué tal lo hicimos? Valora de 1 a 5
buttons-rating = { $stars } { $score } · { $words }
buttons-category-placeholder = Elige la categoría que mejor encaje
buttons-choice-placeholder = Elige una opción
buttons-edit-placeholder = Elige la respuesta que quieres cambiar

## requester

requester-opened =
    Tu ticket **{ $ticket }** está abierto: { $summary }
    Un técnico se encargará de él en breve. Te avisaré aquí de cada cambio.
requester-claimed = { $by } ya está trabajando en tu ticket **{ $ticket }** ({ $summary }).
requester-assigned = Tu ticket **{ $ticket }** ({ $summary }) se ha asignado a { $to }.
requester-escalated =
    Tu ticket **{ $ticket }** ({ $summary }) ha pasado al soporte de nivel { $level }, que se encargará a partir de ahora.
    Motivo: { $reason }
requester-waiting-some =
    Tu ticket **{ $ticket }** ({ $summary }) está esperando tu respuesta. Escríbela aquí y se la haré llegar. El técnico pregunta:
    >>> { $note }
requester-waiting-none = Tu ticket **{ $ticket }** ({ $summary }) está esperando tu respuesta: el técnico necesita más información. Responde aquí.
requester-waiting-reminder = Recordatorio: tu ticket **{ $ticket }** ({ $summary }) sigue esperando tu respuesta. Escríbela aquí; si no respondes, se resolverá como «sin respuesta» dentro de { $resolve_in }.
requester-waiting-reminder-some =
    { $head } El técnico preguntó:
    >>> { $note }
requester-resumed = Se ha reanudado el trabajo en tu ticket **{ $ticket }** ({ $summary }).
requester-resolved =
    Tu ticket **{ $ticket }** ({ $summary }) se ha resuelto: { $code }.
    ¿Se ha solucionado el problema? Pulsa **Solucionado** o **Sigue sin funcionar** aquí debajo.
    {"*"}*Qué se hizo:**
    { $notes }
requester-reopened = Tu ticket **{ $ticket }** ({ $summary }) vuelve a estar abierto; ya estamos con ello.
requester-closed = Tu ticket **{ $ticket }** ({ $summary }) está cerrado. ¿Qué tal lo hicimos? Valora el servicio aquí debajo.
requester-cancelled-some =
    Tu ticket **{ $ticket }** ({ $summary }) se ha cancelado.
    Motivo: { $reason }
requester-cancelled-none = Tu ticket **{ $ticket }** ({ $summary }) se ha cancelado.
requester-priority-changed =
    La prioridad de tu ticket **{ $ticket }** ({ $summary }) ahora es **{ $priority }**.
    Motivo: { $reason }
requester-reply =
    { $from } sobre tu ticket **{ $ticket }**:
    >>> { $text }
requester-thanks-for-confirming = ¡Gracias! El ticket **{ $ticket }** está cerrado.
requester-reopened-by-you = Lamentamos que siga sin funcionar. El ticket **{ $ticket }** vuelve a estar abierto y hemos avisado al técnico.
requester-thanks-for-rating = Gracias por valorar el ticket **{ $ticket }** con { $score }/5. ¿Quieres añadir algo? Nos ayuda a mejorar.
requester-thanks-for-comment = Gracias por valorar el ticket **{ $ticket }** con { $score }/5 y por tu comentario.
requester-message-relayed = Añadido al ticket **{ $ticket }**. El técnico lo verá.
requester-which-ticket = Tienes varios tickets abiertos ({ $tickets }). Empieza tu mensaje con el número, p. ej. `#42 ...`.
requester-other-tickets-hint = Para escribir sobre otro de tus tickets ({ $others }), empieza tu mensaje con su número, p. ej. `{ $example } ...`.
requester-new-problem-hint = Para informar de un problema nuevo, envía `new`.
requester-not-an-open-ticket = {"*"}*{ $ticket }** no es uno de tus tickets abiertos ({ $yours }). Empieza tu mensaje con uno de esos números o envía `new` para informar de un problema nuevo.
requester-cancelled-by-you = El ticket **{ $ticket }** está cancelado.
requester-my-tickets-title = Tus tickets
requester-my-tickets-empty = No tienes tickets. Usa `/ticket` o envíame un mensaje directo para informar de un problema.

## staff

staff-opened = abierto: { $summary }
staff-claimed = tomado por { $by }
staff-assigned = asignado a { $to }
staff-escalated = escalado al nivel { $level }: { $reason }
staff-waiting-some = esperando al solicitante: { $note }
staff-waiting-none = esperando al solicitante
staff-resumed = trabajo reanudado
staff-resolved = resuelto ({ $code }): { $notes }
staff-reopened = reabierto: el solicitante dice que sigue sin funcionar
staff-closed = cerrado
staff-cancelled-some = cancelado: { $reason }
staff-cancelled-none = cancelado
staff-priority-changed = prioridad cambiada a { $priority }: { $reason }
staff-replied = { $from } respondió al solicitante: { $text }
staff-waiting-reminded = el solicitante aún no ha respondido; se le ha enviado un recordatorio
staff-about = {"*"}*{ $ticket }** { $line }
staff-to-watcher = Ticket **{ $ticket }** ({ $summary }), que sigues: { $line }
staff-assigned-to-you = {"\u000A"}Por qué tú: { $r }.
staff-assigned-to-you-2 = Se te ha asignado el ticket **{ $ticket }** ({ $summary }). Trabaja en él desde su hilo en el canal de triaje; con `/responder` allí llegas al solicitante.{ $why }
staff-reassigned-from-you = El ticket **{ $ticket }** ({ $summary }) se ha reasignado a { $to }; ya no es tuyo.
staff-to-assignee = Ticket **{ $ticket }** ({ $summary }), que tienes asignado: { $line }

## thread

thread-requester-message =
    { $who } (solicitante) escribió:
    >>> { $text }
thread-level-ping = { $role } el ticket **{ $ticket }** necesita el nivel { $level }. Asígnatelo desde el mensaje de arriba.
thread-dms-closed = No se pudo enviar un mensaje directo a { $who }: tiene los mensajes directos cerrados. Avísale aquí o por otra vía.
thread-delivery-failed = No se pudo enviar un mensaje directo a { $who } ({ $reason }). Avísale aquí o por otra vía.
thread-opening = Este hilo es el espacio de trabajo del ticket. Los mensajes de aquí son notas internas y el solicitante nunca los ve; usa `/responder` para escribirle.
thread-reply-sent = Enviado a { $who } por mensaje directo.
thread-note-recorded = Nota registrada (el solicitante no la ve).

## digest

digest-title = 📋 Resumen del soporte técnico, { $day }
digest-summary =
    {"*"}*{ $open }** abiertos · **{ $unassigned }** sin asignar · **{ $breached }** con SLA incumplido
    Últimas 24 h: { $opened } abiertos, { $resolved } resueltos.
digest-quiet = No hay nada abierto. Un día tranquilo.
digest-by-priority = Por prioridad
digest-by-level = Por nivel
digest-oldest = Los abiertos más antiguos
digest-count-line = { $unassigned } sin asignar
digest-count-line-2 = { $breached } con SLA incumplido
digest-count-line-3 = { $name }: { $open }
digest-count-line-4 = { $name }: { $open } ({ $extra })
digest-oldest-line =
    {"*"}*{ $ticket }** · { $priority } · { $status } · { $holder } · abierto { $opened }
    { $summary }
digest-nobody = sin asignar

## sla

sla-late-0 = { $secs } s
sla-late-0-2 = { $m } min
sla-late-0-3 = { $h } h
sla-late-0-4 = { $h } h { $m } min
sla-late-0-5 = { $d } d
sla-late-0-6 = { $d } d { $h } h
sla-low-rating = 👎 **{ $ticket }** ({ $summary }) ha recibido una valoración de **{ $score }/5** de su solicitante; lo gestionó { $holder }.
sla-low-rating-some =
    { $head }
    Su comentario:
    >>> { $comment }
sla-opened = 🚨 **{ $priority }** abierto: **{ $ticket }** ({ $summary }), notificado por { $requester }.
sla-nobody = nadie (cola de nivel { $level })
sla-warning = { $who } ⏳ a **{ $ticket }** casi se le acaba el tiempo del SLA: el plazo de { $clock } vence { $when }.
sla-breached-in-thread = { $who } ⚠️ **{ $ticket }** ha incumplido su SLA: la { $clock } lleva { $late } de retraso. Se ha avisado a los coordinadores.
sla-alert = 🚨 SLA incumplido: **{ $ticket }** ({ $summary }): la { $clock } lleva { $late } de retraso. Lo tiene { $holder }; ahora está en el nivel { $level }.
sla-breached-line = ha incumplido su SLA: la { $clock } lleva { $late } de retraso y se ha escalado
sla-requester-escalated = Tu ticket **{ $ticket }** ({ $summary }) está tardando más de lo prometido, así que se ha escalado a los coordinadores del soporte técnico, que le están haciendo seguimiento.

## triage

triage-requester = Solicitante
triage-category = Categoría
triage-priority = Prioridad
triage-level = Nivel
triage-status = Estado
triage-assignee = Asignado a
triage-unassigned = Sin asignar
triage-first-response-due = Plazo de primera respuesta
triage-resolution-due = Plazo de resolución
triage-responded = ✅ respondido { $when }
triage-breached = ⚠️ **incumplido** { $when }
triage-nearly-breached = ⏳ { $when }
triage-paused = ⏸️ en pausa (esperando al solicitante) { $when }
triage-not-set = —
triage-resolution = Resolución
triage-skipped = {"*"}omitido*
triage-more-answers-name = Más respuestas
triage-more-answers = { $count } más que no se muestran aquí; consulta `/soporte ver`.
triage-priority-value = {"*"}*{ $priority }** (fijada por un coordinador)
triage-priority-value-2 = {"*"}*{ $priority }** · { $impact } × { $urgency }
triage-level-value = N{ $level }

## queue

queue-title = Cola
queue-title-filtered = Cola · { $filters }
queue-empty = No hay nada. 🎉
queue-page = Página { $page } de { $pages } · { $total } { $total ->
        [one] ticket
       *[other] tickets
    } · por prioridad y después por vencimiento
queue-unassigned = sin asignar
queue-nobody = nadie
queue-due = vence { $when }
queue-filter-status = estado: { $status }
queue-filter-level = nivel: N{ $level }
queue-filter-assignee = asignado a: { $who }
queue-filter-category = categoría: { $category }

## history

history-title = Historial de { $ticket } · { $summary }
history-empty = No hay eventos registrados.
history-earlier-not-shown = … { $count } eventos anteriores no mostrados
history-line = { $when } · { $who } · **{ $what }**
history-line-2 = {" "}({ $change })
history-line-3 = : { $note }
history-change = { $from } → { $to }
history-system = deskbot

## replies

replies-only-technicians-claim = Solo los técnicos pueden asignarse tickets.
replies-only-technicians = Solo los técnicos pueden hacer eso.
replies-only-coordinators = Solo los coordinadores pueden hacer eso.
replies-only-requester = Solo la persona que abrió este ticket puede hacer eso.
replies-level-too-low = Este ticket está en el nivel { $level }; solo pueden asignárselo los técnicos de nivel { $level } o superior.
replies-already-claimed = { $by } ya tiene { $ticket }.
replies-claimed = Te has asignado { $ticket }.
replies-assigned = { $ticket } está asignado a { $to }.
replies-escalated = { $ticket } se ha escalado al nivel { $level }.
replies-resolved = { $ticket } está resuelto; se ha pedido al solicitante que lo confirme.
replies-asked = Tu pregunta se ha enviado al solicitante de { $ticket }. El ticket queda a la espera de su respuesta y su reloj de SLA está en pausa; la respuesta aparecerá en el hilo del ticket.
replies-cancelled = { $ticket } está cancelado.
replies-priority-set = { $ticket } ahora es { $priority }.
replies-watching = Recibirás un mensaje directo con cada cambio de { $ticket }.
replies-already-watching = Ya sigues { $ticket }.
replies-note-added = Nota añadida a { $ticket }.
replies-reply-sent = Enviado al solicitante de { $ticket }.
replies-linked = { $ticket } está vinculado a { $parent }; al resolver { $parent } también se resuelve este.
replies-not-in-a-ticket-thread = Usa esto en el hilo de un ticket.
replies-no-such-ticket = No existe el ticket { $ticket }.
replies-bad-ticket-number = `{ $text }` no es un número de ticket; usa p. ej. `42` o `#42`.
replies-highest-level = Este ticket ya está en el nivel 3, el más alto.
replies-queue-restarted = No se ha podido volver a encontrar esa página, así que aquí tienes la primera.
replies-expired-button = Este botón ya no funciona. Usa `/mistickets` o `/cola` para ver el estado actual.
replies-text-too-short = El campo { $what } debe tener al menos { $min } caracteres.
replies-unknown-resolution-code = Código de resolución desconocido. Usa uno de estos: { $codes }.
replies-not-here = Este comando solo funciona en el servidor del soporte técnico.

## intake

intake-welcome = ¡Hola! Soy el servicio de soporte informático. Vamos a hacer llegar tu problema al técnico adecuado. ¿Qué categoría encaja mejor?
intake-suggested-category = Parece que es **{ $category }**. Elígela abajo o escoge otra categoría.
intake-question =
    {"*"}*Pregunta { $step } de { $total }**
    { $question }{ $hint }
intake-greeting = ¡Hola! Soy el servicio de soporte informático. Vamos a hacer llegar tu problema al técnico adecuado.
intake-question-open =
    {"*"}*Pregunta { $step }**
    { $question }{ $hint }
intake-hint = {"*"}{ $hint }*
intake-suggested-choice = Sugerencia: **{ $choice }** (responde `ok` para aceptarla o elige otra).
intake-current-answer =
    Tu respuesta hasta ahora: { $answer }
    Escribe la nueva respuesta.
intake-ended = Esta solicitud ya ha terminado (enviada, cancelada o caducada). Envíame un mensaje directo o usa `/ticket` para empezar una nueva.
intake-already-answered = Esa pregunta ya está respondida. Responde `atrás` para cambiar la respuesta anterior.
intake-edit-prompt = ¿Qué respuesta quieres cambiar?
intake-how-to-stop = Responde `atrás` para cambiar tu última respuesta o `cancelar` para dejarlo.
intake-invalid-answer = ⚠️ { $why }
intake-never-send-passwords = 🔒 Nunca envíes contraseñas. Nadie del soporte técnico te pedirá nunca una.
intake-secret-masked = 🔒 Parte de tu respuesta parecía una contraseña o una clave secreta, así que la he ocultado. Nunca envíes contraseñas; nadie del soporte técnico te pedirá nunca una.
intake-review-title = Revisión: { $summary }
intake-review-hint = Comprueba los datos y pulsa **Enviar**. **Editar** vuelve a recorrer las preguntas.
intake-review-priority = Prioridad { $priority }
intake-submitted = El ticket **{ $ticket }** está abierto. Un técnico se encargará de él en breve; te avisaré por mensaje directo de cada cambio.
intake-self-served = ¡Nos alegra que se haya solucionado! No se ha abierto ningún ticket.
intake-cancelled = Cancelado. No se ha enviado nada. Escríbeme de nuevo cuando necesites ayuda.
intake-reminder = Tu solicitud al soporte técnico aún no está terminada. Responde a la última pregunta para continuar o responde `cancelar`.
intake-expired = Tu solicitud al soporte técnico sin terminar ha caducado. Escríbeme de nuevo cuando necesites ayuda.
intake-modal-title = Nuevo ticket · { $category }
intake-modal-title-general = Nuevo ticket de soporte
intake-answer-modal-title = Tu respuesta
intake-summary-label = Resumen
intake-summary-placeholder = Qué ocurre, en una línea

## modals

modals-escalate-title = Escalar { $ticket }
modals-escalate-reason-label = ¿Por qué necesita el siguiente nivel?
modals-escalate-reason-placeholder = Qué has probado y qué debería revisar el siguiente nivel
modals-resolve-title = Resolver { $ticket }
modals-resolve-notes-label = Notas de resolución
modals-resolve-notes-placeholder = Qué fallaba y qué lo solucionó (el solicitante lo verá)
modals-resolve-code-label = Código de resolución
modals-resolve-code-placeholder = Uno de estos: { $codes }
modals-reopen-title = { $ticket } sigue sin funcionar
modals-reopen-note-label = ¿Qué sigue fallando? (opcional)
modals-comment-title = Tu valoración de { $ticket }
modals-comment-label = ¿Qué fue bien o qué podría mejorar?
modals-ask-title = Preguntar al solicitante de { $ticket }
modals-ask-question-label = Tu pregunta (se le envía por MD)
modals-ask-question-placeholder = p. ej. ¿Qué portátil es? ¿La etiqueta de inventario de la parte inferior?

## errors

errors-unexpected-some = Lo sentimos, algo ha fallado por nuestra parte con el ticket { $ticket }. No se ha perdido nada; vuelve a intentarlo en un momento y, si sigue ocurriendo, comunica { $ticket } al soporte técnico.
errors-unexpected-none = Lo sentimos, algo ha fallado por nuestra parte. Vuelve a intentarlo en un momento.
errors-busy = Otra persona ha modificado este ticket en el mismo momento. Vuelve a intentarlo.

## commands

commands-ticket = Informa de un problema informático al soporte técnico
commands-ticket-summary = Qué ocurre, en una línea
commands-ticket-category = El tipo de problema
commands-mytickets = Tus tickets y su estado
commands-queue = Tickets abiertos, por prioridad y después por vencimiento (personal)
commands-queue-status = Solo tickets con este estado
commands-queue-level = Solo tickets de este nivel de soporte
commands-queue-assignee = Solo tickets que tiene este técnico
commands-queue-unassigned = Solo tickets que no tiene nadie
commands-queue-category = Solo tickets de esta categoría
commands-escalate = Pasa un ticket a un nivel de soporte superior
commands-escalate-level = El nivel al que escalar (por defecto: el siguiente)
commands-escalate-reason = Por qué necesita ese nivel
commands-assign = Asigna un ticket a un técnico (coordinadores)
commands-assign-technician = El técnico que se encarga
commands-assign-reason = Por qué (opcional)
commands-reply = Envía un mensaje directo al solicitante del ticket (en el hilo de un ticket)
commands-reply-text = Qué decirle al solicitante
commands-ask = Haz una pregunta al solicitante por MD y espera su respuesta (en el hilo de un ticket)
commands-ask-question = Lo que necesitas saber
commands-desk = Herramientas del personal de soporte
commands-desk-show = El historial completo de un ticket
commands-desk-note = Añade una nota interna a un ticket
commands-desk-note-text = La nota (el solicitante nunca la ve)
commands-desk-watch = Recibe un mensaje directo con cada cambio de un ticket
commands-desk-priority = Cambia la prioridad de un ticket (coordinadores)
commands-desk-priority-value = La nueva prioridad
commands-desk-priority-reason = Por qué la prioridad de la matriz no es correcta
commands-desk-cancel = Cancela un ticket (coordinadores)
commands-desk-cancel-reason = Por qué se cancela
commands-desk-link = Vincula un ticket a un incidente principal; se resolverá al resolver el principal
commands-desk-link-parent = El número de ticket del incidente principal
commands-ticket-number = Número de ticket, p. ej. 42

## refusals

refusals-database-unavailable = El soporte técnico no puede acceder a su base de datos en este momento; vuelve a intentarlo en un minuto.
refusals-not-the-triage-message = Este botón no está en el mensaje de triaje de { $ticket }, así que aquí no hace nada. Usa los botones de ese mensaje.
refusals-not-the-requesters-dm = Solo la persona que abrió { $ticket } puede responder a esto, desde el mensaje directo que le envió el bot.

## assign

assign-duty = Indica si estás trabajando, para que se te puedan sugerir tickets (técnicos)
assign-duty-on = Estás trabajando: se te pueden sugerir tickets
assign-duty-off = No estás trabajando: no se te sugiere ningún ticket
assign-desk-skills = Define las competencias y el nivel de un técnico, para sugerir asignaciones (coordinadores)
assign-desk-skills-technician = El técnico
assign-desk-skills-skills = Claves de categoría separadas por comas, p. ej. network, printing
assign-desk-skills-level = Su nivel de soporte (por defecto: sin cambios)
assign-technician-optional = El técnico que se encarga; déjalo vacío para recibir una sugerencia
assign-confirm = Confirmar
assign-refusal-not-coordinator = Solo los coordinadores pueden hacer eso. No se ha cambiado nada.
assign-refusal-not-technician = <@{ $user }> no es técnico: no tiene ningún rol de técnico ni figura en [[technicians]] en el archivo del soporte técnico. No se ha cambiado nada.
assign-refusal-not-technician-self = Solo los técnicos pueden entrar o salir de servicio. No se ha cambiado nada.
assign-refusal-unknown-skills = Indica al menos una competencia: claves de categoría separadas por comas, de entre { $known }. No se ha cambiado nada.
assign-refusal-unknown-skills-2 = { $unknown } { $count ->
        [one] no es una clave de categoría
       *[other] no son claves de categoría
    }. Las competencias son claves de categoría separadas por comas: { $known }. No se ha cambiado nada.
assign-refusal-stale = { $ticket } ha cambiado desde esta sugerencia, así que no se ha asignado. Vuelve a ejecutar `/asignar` para obtener una nueva.
assign-refusal-suggestion-changed = Quién está de servicio o cuánta carga tiene ha cambiado desde esta sugerencia, así que { $ticket } no se ha asignado. Vuelve a ejecutar `/asignar` para obtener una nueva.
assign-suggested = {"*"}*{ $ticket }** ({ $category }, nivel { $level }, { $priority }): te sugiero a { $who }.
assign-load = carga { $load } ({ $active } { $active ->
        [one] ticket activo
       *[other] tickets activos
    })
assign-why = Por qué: { $duty }, con competencias en { $category }, nivel { $level }, { $load }: { $comparison }.
assign-only-one = es el único que cumple los requisitos
assign-lightest = la menor carga de quienes cumplen los requisitos
assign-tie-won = empate en carga; el empate se decide por el nivel más bajo y luego por menos tickets activos
assign-passed-over = Descartados:
assign-holds = ya lo tiene
assign-no-skill = sin competencias en { $category }
assign-level-too-low = nivel { $level }, el ticket necesita { $needed }
assign-busier = más ocupado, { $load }
assign-lost-tie = misma { $load }, nivel { $level }: perdió el desempate
assign-item = - { $who }: { $why }
assign-confirm-hint = Confirma para asignar: el motivo queda registrado y se avisa al técnico y al solicitante.
assign-nobody = Nadie cumple los requisitos para **{ $ticket }** ({ $category }, nivel { $level }):
assign-nobody-hint = Para asignárselo igualmente a alguien: `/asignar ticket:{ $number } técnico:@…`.
assign-no-technicians = No se puede sugerir a nadie para **{ $ticket }**: no hay técnicos configurados. Añádelos en [[technicians]] en el archivo del soporte técnico o asigna competencias a alguno con `/soporte competencias`.
assign-confirmed = { $ticket } está asignado a { $who }, como se sugirió; el motivo figura en su historial.
assign-skills-set = { $who } tiene ahora las competencias { $skills } en el nivel { $level }. Esto sustituye lo que indica para esta persona el archivo del soporte técnico.
assign-on-duty = Estás de servicio: se te pueden sugerir tickets de { $skills } de nivel { $level } o inferior.
assign-on-duty-without-skills = Estás de servicio, pero no tienes competencias registradas, así que no se te sugerirá ningún ticket: pide a un coordinador que use `/soporte competencias`.
assign-off-duty = Estás fuera de servicio: no se te sugerirá ningún ticket.
assign-until = {" "}Tu turno vuelve a decidirlo a partir de { $when }.

## kb

kb-command = La base de conocimiento: busca en ella o redacta y mantén artículos (técnicos, coordinadores)
kb-search = Busca los artículos que coinciden con lo que escribes
kb-query-option = Cómo se manifiesta el problema, en pocas palabras
kb-new = Redacta un artículo nuevo
kb-edit = Edita un artículo
kb-retire = Retira un artículo: se conserva en el registro, pero ya no se encuentra ni se ofrece
kb-list = Lista los artículos, de una sola categoría si quieres
kb-list-category = Solo esta categoría
kb-promote = Redacta un artículo a partir de la resolución de un ticket cerrado
kb-article-option = El número del artículo (consulta /kb lista)
kb-new-title = Nuevo artículo
kb-edit-title = Editar el artículo { $id }
kb-promote-title = Artículo a partir de { $ticket }
kb-title-label = Título
kb-symptoms-label = Síntomas: lo que ve la persona
kb-steps-label = Pasos: lo que lo soluciona
kb-category-label = Categoría
kb-tags-label = Etiquetas, separadas por comas (opcional)
kb-category-placeholder = Una de estas: { $keys }
kb-created = Artículo **{ $id }** guardado: { $title }. Se ofrecerá a los solicitantes cuando sus palabras coincidan.
kb-edited = Artículo **{ $id }** actualizado: { $title }.
kb-retired = Artículo **{ $id }** retirado: { $title }. Se conserva en el registro, pero ya no se encuentra ni se ofrece.
kb-results = Artículos que coinciden con «{ $query }», los mejores primero:
kb-no-results = Ningún artículo coincide con «{ $query }». Prueba con otras palabras o abre un ticket con `/ticket`.
kb-list-title = Base de conocimiento
kb-list-empty = Todavía no hay artículos. Los técnicos los redactan con `/kb nuevo` o `/kb promover`.
kb-article-name = { $id } · { $title }
kb-list-line = {"*"}*{ $id }** · { $title } ({ $category })
kb-refusal-not-staff = Solo los técnicos y los coordinadores pueden redactar, editar o retirar artículos. Para buscar uno, usa `/kb buscar`.
kb-refusal-no-such-article = No existe el artículo { $id }. `/kb lista` los muestra.
kb-refusal-retired = El artículo { $id } está retirado, así que no se puede modificar.
kb-refusal-empty-query = Escribe unas palabras sobre el problema que quieres buscar, p. ej. `vpn se desconecta`.
kb-refusal-not-closed = { $ticket } todavía no está cerrado: solo los tickets cerrados pueden convertirse en artículos.
kb-problem-no-title = El artículo necesita un título.
kb-problem-title-too-long = El título puede tener como máximo { $TITLE_MAX_CHARS } caracteres.
kb-problem-no-symptoms = Indica lo que ve la persona (los síntomas).
kb-problem-symptoms-too-long = Los síntomas pueden tener como máximo { $SYMPTOMS_MAX_CHARS } caracteres.
kb-problem-no-steps = Indica lo que lo soluciona (los pasos).
kb-problem-steps-too-long = Los pasos pueden tener como máximo { $STEPS_MAX_CHARS } caracteres.
kb-problem-unknown-category = Esa categoría no es una de las del soporte técnico. No se ha guardado nada; vuelve a intentarlo con una de ellas.
kb-problem-too-many-tags = Indica como máximo 10 etiquetas.
kb-offered-intro = Estos artículos de ayuda coinciden con lo que has escrito. Si alguno lo soluciona, pulsa **Esto lo ha solucionado**; si no, pulsa **Esto no** o **Enviar**.
kb-this-fixed-it = Esto lo ha solucionado ({ $n })
kb-not-this = Esto no
kb-hint-title = Pista: puede que esto ya haya pasado antes
kb-hint-tickets = Tickets cerrados similares
kb-hint-ticket-some = {"*"}*{ $ticket }** ({ $code }): { $notes }
kb-hint-ticket-none = {"*"}*{ $ticket }**: { $notes }
kb-hint-articles = Artículos que coinciden
kb-hint-article = {"*"}*{ $id }** · { $title } (`/kb buscar` para leerlo)

## incident

incident-link-description = Hace que un ticket forme parte de un incidente grave (sale de la cola y se resuelve con él)
incident-unlink-description = Separa un ticket de su incidente: vuelve a ser trabajo normal
incident-parent-option = El número de ticket del incidente (el principal)
incident-reason-option = Por qué, para el registro de auditoría (opcional)
incident-linked = { $child } forma parte ahora del incidente { $parent }: ha salido de la cola, su solicitante recibirá las novedades de { $parent } y se resolverá junto con { $parent }.
incident-unlinked = { $child } ha salido de su incidente: vuelve a estar en la cola como un ticket normal.
incident-child-joined = { $child } de { $requester } se ha unido a este incidente
incident-child-left = { $child } ha salido de este incidente y se gestiona por separado
incident-field = Incidente
incident-part-of = Forma parte de **{ $parent }**
incident-affected = {"*"}*+{ $count } afectados**
incident-queue-part-of = {" "}· ↳ forma parte de { $parent }
incident-queue-affected = {" "}· +{ $count } afectados
incident-known-problem =
    Parece un problema conocido: **{ $ticket }** { $summary }
    El soporte técnico ya está trabajando en él. Únete y recibirás las novedades y la solución sin tener que esperar a un ticket propio.
incident-add-me = Unirme
incident-not-this = Esto no
incident-joined = Hecho: tu ticket **{ $ticket }** forma parte de **{ $parent }**. Recibirás aquí las novedades y, cuando se solucione, podrás decirnos si también se ha solucionado para ti.
incident-refusal-not-staff = Solo el personal del soporte técnico puede vincular tickets a un incidente.
incident-refusal-to-itself = { $ticket } no puede formar parte de sí mismo: elige otro ticket como incidente.
incident-refusal-other-guild = Esos tickets pertenecen a organizaciones distintas, así que no se pueden vincular.
incident-refusal-cycle = { $parent } ya forma parte de { $child }, así que { $child } no puede formar parte de { $parent }: se crearía un bucle. Si quieres invertirlo, desvincula primero { $parent }.
incident-refusal-parent-is-child = { $parent } ya forma parte del incidente { $of }; los incidentes solo tienen un nivel. Vincúlalo a { $of }.
incident-refusal-has-children = { $child } es un incidente con { $count } ticket(s) propios, así que no puede formar parte de otro. Desvincula primero sus tickets.
incident-refusal-parent-not-active = { $parent } está { $status }: solo un incidente abierto puede recibir tickets.
incident-refusal-child-not-active = { $child } está { $status }: solo los tickets abiertos pueden unirse a un incidente.
incident-refusal-already-linked = { $child } ya forma parte de { $parent }.
incident-refusal-not-linked = { $ticket } no forma parte de ningún incidente.

## stats

stats-command = Las cifras y gráficos del soporte técnico en un periodo (coordinadores)
stats-days-option = Cuántos días hacia atrás desde hoy (por defecto 30)
stats-technician-option = Solo los tickets de este técnico
stats-faq = Los problemas más frecuentes de un periodo, para decidir qué artículos redactar (coordinadores)
stats-faq-days-option = Cuántos días hacia atrás desde hoy (por defecto 90)
stats-title-some = Cifras del soporte técnico: últimos { $days } días, tickets de { $t }
stats-title-none = Cifras del soporte técnico: últimos { $days } días
stats-summary = {"*"}*{ $opened }** abiertos · **{ $resolved }** resueltos · **{ $backlog }** abiertos ahora
stats-backlog = Pendientes (abiertos ahora)
stats-first-response = Primera respuesta
stats-resolution = Resolución
stats-spread-some =
    mediana { $median } · p90 { $p90 }
    { $count } tickets
stats-spread-none = aún no hay tickets
stats-sla = Cumplimiento del SLA
stats-sla-value-some =
    { $p }%
    { $met } de { $resolved } resueltos a tiempo
stats-sla-value-none = nada resuelto
stats-satisfaction = Satisfacción
stats-satisfaction-value-some =
    { $a } / 5
    { $rated } valoraciones ({ $r }% respondidas)
stats-satisfaction-value-some-2 = aún no hay valoraciones
stats-deflections = Autoservicio
stats-deflections-value-some =
    { $n } resueltos con un artículo
    ({ $r }% de los problemas planteados)
stats-deflections-value-some-2 = { $n } resueltos con un artículo
stats-technicians = Técnicos (abiertos · resueltos · satisfacción)
stats-technician-line-some = { $who }: { $open } · { $closures } · { $s }
stats-technician-line-none = { $who }: { $open } · { $closures } · –
stats-none = ninguno
stats-categories = Categorías principales (abiertos)
stats-footer = Resueltos = trabajo terminado en el periodo; SLA cumplido = ningún objetivo incumplido. Percentiles por rango más cercano.
stats-chart-unavailable = Esta vez no se ha podido dibujar el gráfico; las cifras están completas.
stats-faq-title = Problemas más frecuentes: últimos { $days } días
stats-faq-empty = No se ha resuelto ningún ticket en los últimos { $days } días: todavía no hay nada que agrupar.
stats-faq-group = { $category } · { $count } tickets
stats-faq-examples = Descrito como
stats-faq-resolution = Resolución más habitual: { $code } ({ $count })
stats-faq-article = Artículo **{ $id }**: { $title }
stats-faq-no-article = Aún no hay artículo: merece la pena redactar uno (`/kb nuevo`, o `/kb promover` a partir de un ticket).

## labels used inside other messages

sla-clock-first-response = primera respuesta
sla-clock-resolution = resolución
history-kind-created = abierto
history-kind-claimed = tomado
history-kind-assigned = asignado
history-kind-escalated = escalado
history-kind-waiting = esperando al solicitante
history-kind-resumed = reanudado
history-kind-resolved = resuelto
history-kind-confirmed = solución confirmada
history-kind-reopened = reabierto
history-kind-cancelled = cancelado
history-kind-closed = cerrado
history-kind-priority-changed = prioridad cambiada
history-kind-rated = valorado
history-kind-note = nota interna
history-kind-reply = respuesta al solicitante
history-kind-requester-message = el solicitante escribió
history-kind-delivery-failed = mensaje directo no entregado
history-kind-watch-started = empezó a seguirlo
history-kind-sla-warning = aviso de SLA
history-kind-sla-breached = SLA incumplido
history-kind-waiting-reminded = recordatorio al solicitante
history-kind-rating-comment = comentario de la valoración
history-kind-linked = vinculado a un incidente
history-kind-unlinked = desvinculado de su incidente
assign-duty-said-on = de servicio
assign-duty-in-shift = en su turno
assign-duty-said-off = fuera de servicio (indicó /turno terminar)
assign-duty-out-of-shift = fuera de servicio (fuera de su turno)
assign-duty-never-on = fuera de servicio (sin turno y sin /turno empezar)
buttons-rating-1 = Muy mal
buttons-rating-2 = Mal
buttons-rating-3 = Regular
buttons-rating-4 = Bien
buttons-rating-5 = Excelente

## How domain values read

status-intake = En registro
status-open = Abierto
status-in-progress = En curso
status-waiting-on-requester = Esperando al solicitante
status-resolved = Resuelto
status-closed = Cerrado
status-cancelled = Cancelado
impact-individual = Solo a mí
impact-team = A mi equipo
impact-organisation = A toda la organización
urgency-low = Baja
urgency-medium = Media
urgency-high = Alta
resolution-fixed = Solucionado
resolution-workaround = Solución provisional
resolution-duplicate = Duplicado
resolution-not-reproducible = No reproducible
resolution-user-error = Error del usuario
resolution-no-response = Sin respuesta

## The steps every intake asks

prompt-summary = En una línea, ¿cuál es el problema?
prompt-summary-label = Resumen (una línea)
prompt-summary-hint = p. ej. El portátil no arranca después de la actualización
prompt-category = ¿Qué tipo de problema es?
prompt-description = Describe qué ocurre, qué esperabas que ocurriera y qué has probado ya.
prompt-description-label = ¿Qué ocurre?
prompt-description-hint = Los mensajes de error ayudan. Nunca envíes contraseñas: nunca te las pediremos.
prompt-impact = ¿A quién afecta?
prompt-urgency = ¿Qué urgencia tiene?
prompt-urgency-hint = Alta: tú u otras personas no podéis trabajar. Media: el trabajo se ve dificultado. Baja: puede esperar.
field-summary = Resumen
field-category = Categoría
field-description = Descripción
field-impact = A quién afecta
field-urgency = Urgencia

## Why an intake answer was not accepted

problem-empty = Escribe una respuesta (o `cancelar` para dejarlo).
problem-required = Esta pregunta no se puede omitir: respóndela (o escribe `cancelar` para dejarlo).
problem-too-long = Son { $got } caracteres; el límite es { $max }. Acórtalo, por favor.
problem-not-one-line = Escribe el resumen en una sola línea, por favor.
problem-no-match-hint = Eso no parece correcto. { $hint }
problem-no-match = Eso no parece correcto; revísalo, por favor.
problem-not-a-choice = Elige una de estas opciones: { $choices } (el texto o su número).
problem-nothing-before = Esta es la primera pregunta; no hay nada a lo que volver.
problem-at-review = Responde `enviar` para abrir el ticket, `editar` y un número para cambiar una respuesta, o `cancelar`.
problem-unknown-item = ¿Qué respuesta quieres cambiar? Responde `editar` y su número: { $items }.
problem-incomplete = Aún no está todo respondido: «{ $missing }» todavía necesita una respuesta.
problem-cancelled = Esta solicitud se ha cancelado; envía un mensaje nuevo para empezar de nuevo.
problem-in-answer = { $question }: { $problem }

## Why the ticket rules refused a change

refusal-not-allowed = No puedes { $action } { $ticket }: solo está permitido a { $who }.
refusal-level-required = No puedes { $action } { $ticket }: hace falta ser técnico de nivel { $level } o superior.
refusal-wrong-status = No puedes { $action } { $ticket }: está { $status }.
refusal-already-claimed = { $by } ya se ha asignado { $ticket }.
refusal-claimed-cannot-cancel = { $by } ya se ha asignado { $ticket }; pídele a esa persona o a un coordinador que lo cancele.
refusal-already-assigned = { $ticket } ya está asignado a { $technician }.
refusal-not-at-level = { $technician } no trabaja en el nivel { $level }.
refusal-top-level = { $ticket } ya está en el nivel 3, el más alto.
refusal-not-higher = { $ticket } ya está en el nivel { $current }; elige un nivel superior.
refusal-reason-too-short = Indica un motivo de al menos { $min } caracteres.
refusal-notes-too-short = Las notas de resolución necesitan al menos { $min } caracteres: explica qué fallaba y qué lo solucionó.
refusal-same-priority = { $ticket } ya es { $priority }.
refusal-score-out-of-range = La valoración es un número entero del 1 al 5.
refusal-already-rated = { $ticket } ya se ha valorado.
refusal-not-rated-yet = { $ticket } todavía no tiene ninguna valoración que comentar.
# The "who" and "action" labels below only fill refusal-not-allowed, refusal-level-required and
# refusal-wrong-status above ("No puedes { $action } { $ticket }: solo está permitido a { $who }").
refusal-who-coordinators = los coordinadores
refusal-who-technicians = los técnicos
refusal-who-the-requester = la persona solicitante
refusal-who-the-requester-or-a-coordinator = la persona solicitante o un coordinador
refusal-who-the-assignee-or-a-coordinator = la persona asignada o un coordinador
refusal-who-the-requester-the-assignee-or-a-coordinator = la persona solicitante, la persona asignada o un coordinador
refusal-action-submit = enviar
refusal-action-claim = asignarte
refusal-action-assign = asignar
refusal-action-escalate = escalar
refusal-action-pause = pausar
refusal-action-resume = reanudar
refusal-action-resolve = resolver
refusal-action-confirm = confirmar
refusal-action-reopen = reabrir
refusal-action-cancel = cancelar
refusal-action-close = cerrar
refusal-action-change-the-priority-of = cambiar la prioridad de
refusal-action-rate = valorar
refusal-action-comment-on-the-rating-of = comentar la valoración de

## Slash command and option names as Discord shows them in each language: lowercase, no spaces, at
## most 32 characters (letters, digits, - and _). People type these after the slash.

name-ticket = ticket
name-mytickets = mistickets
name-queue = cola
name-escalate = escalar
name-assign = asignar
name-reply = responder
name-ask = preguntar
name-desk = soporte
name-duty = turno
name-kb = kb
name-stats = estadísticas
name-faq = faq
name-language = idioma
name-summary = resumen
name-category = categoría
name-status = estado
name-level = nivel
name-assignee = asignado
name-unassigned = sin-asignar
name-reason = motivo
name-technician = técnico
name-text = texto
name-question = pregunta
name-value = valor
name-parent = principal
name-skills = competencias
name-query = consulta
name-article = artículo
name-days = días
name-show = ver
name-note = nota
name-watch = seguir
name-priority = prioridad
name-cancel = cancelar
name-link = vincular
name-unlink = desvincular
name-search = buscar
name-new = nuevo
name-edit = editar
name-retire = retirar
name-list = lista
name-promote = promover
name-on = empezar
name-off = terminar

## /language

commands-language = Elige el idioma en el que deskbot te escribe
commands-language-option = Tu idioma
language-set = A partir de ahora te escribiré en español.
commands-level-choice = Nivel { $level }

## Why a note, reply, question, rating comment or watch was not taken

declined-not-staff-note = Solo el personal del soporte técnico puede añadir notas.
declined-empty-question = Escribe la pregunta para el solicitante.
declined-already-commented = Ya has comentado esta valoración. ¡Gracias!
declined-not-staff-reply = Solo el personal del soporte técnico puede responder al solicitante.
declined-not-your-ticket = { $ticket } no es tu ticket.
declined-not-staff-watch = Solo el personal del soporte técnico puede seguir tickets de otras personas.
declined-empty-message = El mensaje está vacío.

## The words drawn on the /stats chart (dates are drawn as day/month)

stats-chart-flow-title = Tickets abiertos y cerrados por día
stats-chart-tickets = tickets
stats-chart-opened = abiertos
stats-chart-closed = cerrados
stats-chart-sla-title = Cumplimiento del SLA por semana (% de tickets resueltos)
stats-chart-week-of = semana del

## Resumen de avalancha: un mensaje en un canal de triaje con los tickets nuevos que aún esperan
## su propia publicación.
storm-headline = **{ $count ->
    [one] { $count } nuevo:
   *[other] { $count } nuevos:
}**
storm-more = , … y { $count } más
storm-explain = -# Cada uno tendrá su propia publicación en cuanto el canal lo permita; elige uno abajo para asignártelo ya.
storm-pick-placeholder = Abrir o asignarme uno…
storm-caught-up = ✅ Todos los tickets nuevos tienen ya su propia publicación.
storm-claimed = Te has asignado { $ticket }; su publicación llegará aquí en cuanto el canal lo permita.
storm-not-in-triage = Esta lista solo funciona en un canal de triaje.
