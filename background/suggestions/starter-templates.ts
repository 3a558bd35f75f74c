/**
 * The starter library: common e-commerce replies an agent needs on day one, written the way a
 * native agent would chat (not translated word for word). English, Spanish and Portuguese for
 * all; Thai and Vietnamese for the most frequent conversations. Priority variants (for VIP
 * customers or customers who have had repeated problems) go further than the standard wording:
 * they acknowledge the history and fast-track the fix.
 *
 * Policies in the text (30-day returns, fees) are placeholders as variables where shops differ.
 */
import type { Template, TemplateVariant } from './template-model';

const WRITTEN = '2026-01-15T00:00:00.000Z';

type Texts = Partial<Record<'en' | 'es' | 'pt' | 'th' | 'vi', string>>;

function starter(
  fields: Pick<Template, 'id' | 'shortcut' | 'title' | 'intent' | 'category' | 'tags'>,
  standard: Texts,
  priority: Texts = {},
): Template {
  const variants: TemplateVariant[] = [
    ...Object.entries(standard).map(([lang, body]) => ({ lang, body })),
    ...Object.entries(priority).map(([lang, body]) => ({ lang, body, priority: true })),
  ];
  return { ...fields, variants, source: 'personal', updatedAt: WRITTEN, reviewedAt: WRITTEN };
}

export const STARTER_TEMPLATES: readonly Template[] = [
  starter(
    {
      id: 'starter.greeting',
      shortcut: '/hi',
      title: 'Greeting',
      intent: 'greeting',
      category: 'Conversation',
      tags: ['hello', 'welcome'],
    },
    {
      en: 'Hi {{customer.firstName}}! 👋 This is {{agent.name}} from {{store.name}}. How can I help you today?',
      es: '¡Hola, {{customer.firstName}}! 👋 Soy {{agent.name}} de {{store.name}}. ¿En qué te puedo ayudar hoy?',
      pt: 'Oi, {{customer.firstName}}! 👋 Aqui é {{agent.name}}, da {{store.name}}. Como posso te ajudar hoje?',
      th: 'สวัสดีค่ะคุณ{{customer.firstName}} 👋 {{agent.name}} จาก {{store.name}} ยินดีให้บริการค่ะ มีอะไรให้ช่วยไหมคะ',
      vi: 'Dạ {{store.name}} xin chào anh/chị {{customer.firstName}} ạ 👋 Em là {{agent.name}}, em có thể hỗ trợ gì cho mình ạ?',
    },
  ),
  starter(
    {
      id: 'starter.closing',
      shortcut: '/bye',
      title: 'Closing: anything else?',
      intent: 'closing',
      category: 'Conversation',
      tags: ['thanks', 'goodbye'],
    },
    {
      en: "You're welcome, {{customer.firstName}}! Is there anything else I can help you with? If not, have a great day 😊",
      es: '¡De nada, {{customer.firstName}}! ¿Hay algo más en lo que te pueda ayudar? Si no, ¡que tengas un excelente día! 😊',
      pt: 'Imagina, {{customer.firstName}}! Posso te ajudar com mais alguma coisa? Se não, tenha um ótimo dia! 😊',
      th: 'ยินดีค่ะคุณ{{customer.firstName}} มีอะไรให้ช่วยเพิ่มเติมอีกไหมคะ ถ้าไม่มี ขอให้เป็นวันที่ดีนะคะ 😊',
      vi: 'Dạ không có gì ạ! Anh/chị {{customer.firstName}} cần hỗ trợ thêm gì cứ nhắn shop nha. Chúc anh/chị một ngày vui vẻ 😊',
    },
  ),
  starter(
    {
      id: 'starter.after-hours',
      shortcut: '/afterhours',
      title: 'After hours',
      intent: 'after_hours',
      category: 'Conversation',
      tags: ['offline', 'opening hours'],
    },
    {
      en: "Thanks for your message, {{customer.firstName}}! Our team is offline right now. We're available {{store.hours}} and will reply as soon as we're back.",
      es: '¡Gracias por escribirnos, {{customer.firstName}}! En este momento estamos fuera de horario. Atendemos {{store.hours}} y te responderemos apenas volvamos.',
      pt: 'Obrigado pela mensagem, {{customer.firstName}}! Nossa equipe está fora do horário de atendimento agora. Atendemos {{store.hours}} e respondemos assim que voltarmos.',
      th: 'ขอบคุณที่ติดต่อมานะคะคุณ{{customer.firstName}} ขณะนี้อยู่นอกเวลาทำการค่ะ ทีมงานให้บริการ {{store.hours}} และจะรีบตอบกลับทันทีที่กลับมาค่ะ',
      vi: 'Cảm ơn anh/chị {{customer.firstName}} đã nhắn tin ạ! Hiện shop đã hết giờ làm việc. Shop hỗ trợ {{store.hours}} và sẽ phản hồi ngay khi quay lại ạ.',
    },
  ),
  starter(
    {
      id: 'starter.hold-on',
      shortcut: '/checking',
      title: 'Checking, one moment',
      intent: 'hold_on',
      category: 'Conversation',
      tags: ['wait'],
    },
    {
      en: "Thanks, {{customer.firstName}}. Let me check that for you — it'll just take a couple of minutes.",
      es: 'Gracias, {{customer.firstName}}. Déjame revisarlo, me tomará solo un par de minutos.',
      pt: 'Obrigado, {{customer.firstName}}. Vou verificar pra você, só um minutinho.',
    },
  ),
  starter(
    {
      id: 'starter.order-status',
      shortcut: '/status',
      title: 'Order status',
      intent: 'order_status',
      category: 'Orders',
      tags: ['order', 'where is my order'],
    },
    {
      en: "Hi {{customer.firstName}}, I checked order #{{order.number}}: it's currently {{order.status}}. I'll keep an eye on it and let you know if anything changes.",
      es: 'Hola, {{customer.firstName}}. Revisé el pedido #{{order.number}} y ahora mismo está {{order.status}}. Lo sigo de cerca y te aviso si hay cualquier cambio.',
      pt: 'Oi, {{customer.firstName}}! Verifiquei o pedido #{{order.number}} e ele está {{order.status}} no momento. Vou acompanhar e te aviso se tiver qualquer novidade.',
      th: 'คุณ{{customer.firstName}}คะ ตรวจสอบออเดอร์ #{{order.number}} ให้แล้วค่ะ ตอนนี้สถานะคือ {{order.status}} ถ้ามีความคืบหน้าจะแจ้งให้ทราบทันทีนะคะ',
      vi: 'Dạ shop đã kiểm tra đơn #{{order.number}} của anh/chị {{customer.firstName}} rồi ạ, hiện đơn đang ở trạng thái: {{order.status}}. Có cập nhật gì shop sẽ báo mình ngay nha.',
    },
  ),
  starter(
    {
      id: 'starter.tracking',
      shortcut: '/tracking',
      title: 'Tracking link',
      intent: 'tracking',
      category: 'Shipping',
      tags: ['tracking', 'carrier'],
    },
    {
      en: 'Your order #{{order.number}} is on its way with {{order.carrier}}. You can follow it here: {{order.trackingUrl}}',
      es: 'Tu pedido #{{order.number}} va en camino con {{order.carrier}}. Puedes seguirlo aquí: {{order.trackingUrl}}',
      pt: 'Seu pedido #{{order.number}} já está a caminho pela {{order.carrier}}. Você pode acompanhar por aqui: {{order.trackingUrl}}',
      th: 'ออเดอร์ #{{order.number}} จัดส่งกับ {{order.carrier}} แล้วนะคะ ติดตามพัสดุได้ที่ลิงก์นี้เลยค่ะ {{order.trackingUrl}}',
      vi: 'Dạ đơn #{{order.number}} đã được giao cho {{order.carrier}} rồi ạ. Anh/chị theo dõi hành trình đơn hàng tại đây nha: {{order.trackingUrl}}',
    },
  ),
  starter(
    {
      id: 'starter.delivery-delay',
      shortcut: '/delay',
      title: 'Delivery delayed',
      intent: 'delivery_delay',
      category: 'Shipping',
      tags: ['late', 'delay'],
    },
    {
      en: "I'm sorry your order #{{order.number}} is taking longer than expected, {{customer.firstName}}. The carrier now estimates delivery by {{order.eta}}. I'll follow up with them and keep you posted.",
      es: 'Lamento que tu pedido #{{order.number}} esté tardando más de lo previsto, {{customer.firstName}}. La paquetería ahora estima la entrega para el {{order.eta}}. Le voy a dar seguimiento y te mantengo al tanto.',
      pt: 'Sinto muito que o pedido #{{order.number}} esteja demorando mais que o previsto, {{customer.firstName}}. A transportadora agora prevê a entrega até {{order.eta}}. Vou acompanhar de perto e te dou notícias.',
      th: 'ขออภัยที่ออเดอร์ #{{order.number}} จัดส่งล่าช้านะคะคุณ{{customer.firstName}} ขนส่งแจ้งว่าจะถึงภายใน {{order.eta}} ค่ะ ทางร้านจะติดตามให้และแจ้งความคืบหน้าอีกครั้งนะคะ',
      vi: 'Dạ shop thành thật xin lỗi vì đơn #{{order.number}} giao chậm hơn dự kiến ạ. Bên vận chuyển báo đơn sẽ tới trước {{order.eta}}. Shop sẽ theo dõi sát và báo anh/chị {{customer.firstName}} ngay khi có cập nhật nha.',
    },
    {
      en: "{{customer.firstName}}, I'm really sorry about the delay with order #{{order.number}}. I know this isn't the first time something has gone wrong, and that's not the experience we want for you. I've escalated it with the carrier as a priority (new estimate: {{order.eta}}) and I'll update you personally tomorrow.",
      es: '{{customer.firstName}}, de verdad lamento el retraso del pedido #{{order.number}}. Sé que no es la primera vez que tienes un inconveniente con nosotros y no es la experiencia que queremos darte. Ya lo escalé con la paquetería como prioritario (nueva fecha estimada: {{order.eta}}) y mañana te escribo personalmente con novedades.',
      pt: '{{customer.firstName}}, peço desculpas de verdade pelo atraso do pedido #{{order.number}}. Sei que não é a primeira vez que algo dá errado e essa não é a experiência que queremos pra você. Já acionei a transportadora com prioridade (nova previsão: {{order.eta}}) e amanhã te dou um retorno pessoalmente.',
    },
  ),
  starter(
    {
      id: 'starter.refund',
      shortcut: '/refund',
      title: 'Refund request',
      intent: 'refund',
      category: 'Returns & refunds',
      tags: ['refund', 'money back'],
    },
    {
      en: "I'm sorry to hear that, {{customer.firstName}}. I can help with a refund for order #{{order.number}}. Once it's approved, the money goes back to your original payment method within {{refund.days}} business days.",
      es: 'Lamento mucho lo ocurrido, {{customer.firstName}}. Te ayudo con el reembolso del pedido #{{order.number}}. Una vez aprobado, el dinero vuelve a tu medio de pago original en un plazo de {{refund.days}} días hábiles.',
      pt: 'Sinto muito pelo ocorrido, {{customer.firstName}}. Vou te ajudar com o reembolso do pedido #{{order.number}}. Depois de aprovado, o valor volta para a forma de pagamento original em até {{refund.days}} dias úteis.',
      th: 'ขออภัยในความไม่สะดวกนะคะคุณ{{customer.firstName}} ทางร้านจะดำเนินการคืนเงินสำหรับออเดอร์ #{{order.number}} ให้ค่ะ เมื่ออนุมัติแล้ว เงินจะคืนเข้าช่องทางที่ชำระไว้ภายใน {{refund.days}} วันทำการค่ะ',
      vi: 'Dạ shop rất tiếc về trải nghiệm này ạ. Shop sẽ hỗ trợ hoàn tiền cho đơn #{{order.number}} của anh/chị {{customer.firstName}}. Sau khi được duyệt, tiền sẽ hoàn về phương thức thanh toán ban đầu trong vòng {{refund.days}} ngày làm việc ạ.',
    },
    {
      en: "{{customer.firstName}}, I'm sorry we've let you down again. I've fast-tracked the refund for order #{{order.number}} so you don't have to wait for the usual review. You'll see it on your original payment method within {{refund.days}} business days, and I'll check that it arrives.",
      es: '{{customer.firstName}}, siento mucho que te hayamos vuelto a fallar. Ya prioricé el reembolso del pedido #{{order.number}} para que no tengas que esperar la revisión habitual. Lo verás en tu medio de pago original en un plazo de {{refund.days}} días hábiles y me encargo de confirmar que llegue.',
      pt: '{{customer.firstName}}, sinto muito por termos te decepcionado de novo. Já dei prioridade ao reembolso do pedido #{{order.number}}, sem precisar esperar a análise normal. O valor volta para a forma de pagamento original em até {{refund.days}} dias úteis, e vou acompanhar até cair pra você.',
      th: 'คุณ{{customer.firstName}}คะ ต้องขออภัยจริงๆ ที่เกิดปัญหาซ้ำอีกครั้ง ทางร้านเร่งดำเนินการคืนเงินออเดอร์ #{{order.number}} ให้เป็นกรณีพิเศษแล้วค่ะ เงินจะเข้าภายใน {{refund.days}} วันทำการ และจะคอยติดตามให้จนได้รับเงินนะคะ',
      vi: 'Dạ shop thật sự xin lỗi anh/chị {{customer.firstName}} vì lại để xảy ra sự cố ạ. Shop đã ưu tiên xử lý hoàn tiền cho đơn #{{order.number}} ngay, tiền sẽ về trong vòng {{refund.days}} ngày làm việc và shop sẽ theo dõi đến khi anh/chị nhận được ạ.',
    },
  ),
  starter(
    {
      id: 'starter.refund-status',
      shortcut: '/refundstatus',
      title: 'Refund status',
      intent: 'refund_status',
      category: 'Returns & refunds',
      tags: ['refund', 'bank'],
    },
    {
      en: "Your refund of {{refund.amount}} for order #{{order.number}} was issued on our side. Banks usually take {{refund.days}} business days to show it — if it's not there by then, just message me.",
      es: 'Tu reembolso de {{refund.amount}} del pedido #{{order.number}} ya fue emitido de nuestra parte. El banco suele tardar {{refund.days}} días hábiles en reflejarlo; si para entonces no lo ves, escríbeme.',
      pt: 'O estorno de {{refund.amount}} do pedido #{{order.number}} já foi feito do nosso lado. O banco costuma levar {{refund.days}} dias úteis pra mostrar; se até lá não aparecer, é só me chamar.',
    },
  ),
  starter(
    {
      id: 'starter.return',
      shortcut: '/return',
      title: 'How to return an item',
      intent: 'return',
      category: 'Returns & refunds',
      tags: ['return', 'label'],
    },
    {
      en: 'Sure! You can return items within {{store.returnDays}} days of delivery. Start the return here: {{store.returnUrl}} — once we receive the item, we’ll process your refund or exchange.',
      es: '¡Claro! Puedes devolver productos dentro de los {{store.returnDays}} días posteriores a la entrega. Inicia la devolución aquí: {{store.returnUrl}}. Cuando recibamos el producto, procesamos tu reembolso o cambio.',
      pt: 'Claro! Você pode devolver produtos em até {{store.returnDays}} dias após o recebimento. É só iniciar a devolução por aqui: {{store.returnUrl}}. Assim que o produto chegar, fazemos o reembolso ou a troca.',
      th: 'ได้เลยค่ะ สามารถคืนสินค้าได้ภายใน {{store.returnDays}} วันหลังได้รับของ เริ่มทำรายการคืนได้ที่ {{store.returnUrl}} เมื่อร้านได้รับสินค้าแล้วจะดำเนินการคืนเงินหรือเปลี่ยนสินค้าให้ค่ะ',
      vi: 'Dạ được ạ! Anh/chị có thể đổi trả trong vòng {{store.returnDays}} ngày kể từ khi nhận hàng. Mình tạo yêu cầu trả hàng tại đây nha: {{store.returnUrl}}. Shop nhận được hàng sẽ hoàn tiền hoặc đổi hàng cho mình ạ.',
    },
    {
      en: "Of course, {{customer.firstName}}. I've set up the return for order #{{order.number}} for you and we'll cover the shipping — a prepaid label is on its way by email. As soon as the courier scans it, I'll start your refund.",
      es: 'Por supuesto, {{customer.firstName}}. Ya gestioné la devolución del pedido #{{order.number}} y el envío corre por nuestra cuenta: te llegará una etiqueta prepagada por correo. Apenas la paquetería la escanee, inicio tu reembolso.',
      pt: 'Claro, {{customer.firstName}}. Já abri a devolução do pedido #{{order.number}} pra você e o frete fica por nossa conta: a etiqueta pré-paga vai chegar no seu e-mail. Assim que a transportadora registrar a postagem, já inicio seu reembolso.',
    },
  ),
  starter(
    {
      id: 'starter.exchange',
      shortcut: '/exchange',
      title: 'Exchange for another size',
      intent: 'exchange',
      category: 'Returns & refunds',
      tags: ['exchange', 'size'],
    },
    {
      en: "No problem, {{customer.firstName}}! We can exchange it for another size. Tell me which size you'd like and I'll check it's in stock before we send the return label.",
      es: '¡Sin problema, {{customer.firstName}}! Podemos cambiarlo por otra talla. Dime qué talla necesitas y reviso que haya stock antes de enviarte la etiqueta de devolución.',
      pt: 'Sem problema, {{customer.firstName}}! Dá pra trocar por outro tamanho, sim. Me diz qual tamanho você quer que eu confiro o estoque antes de te mandar a etiqueta de devolução.',
    },
  ),
  starter(
    {
      id: 'starter.invoice',
      shortcut: '/invoice',
      title: 'Invoice',
      intent: 'invoice',
      category: 'Payments',
      tags: ['invoice', 'receipt', 'tax'],
    },
    {
      en: "Of course! I've attached the invoice for order #{{order.number}}. If you need a company name or tax ID on it, send me the details and I'll issue a new one.",
      es: '¡Claro! Te adjunto la factura del pedido #{{order.number}}. Si necesitas que salga a nombre de una empresa o con tus datos fiscales, envíamelos y la emito de nuevo.',
      pt: 'Claro! Segue a nota fiscal do pedido #{{order.number}}. Se precisar no CNPJ da empresa, me manda os dados que eu peço a emissão de uma nova.',
    },
  ),
  starter(
    {
      id: 'starter.payment-failed',
      shortcut: '/payfail',
      title: 'Payment failed',
      intent: 'payment_failed',
      category: 'Payments',
      tags: ['payment', 'card', 'declined'],
    },
    {
      en: 'Sorry about that, {{customer.firstName}}! Banks sometimes decline a payment for security reasons. Could you try again, or use another card or payment method? If it fails again, send me a screenshot of the error and I’ll look into it.',
      es: '¡Perdón por el inconveniente, {{customer.firstName}}! A veces el banco rechaza el pago por seguridad. ¿Puedes intentarlo de nuevo o usar otra tarjeta o medio de pago? Si vuelve a fallar, mándame una captura del error y lo reviso.',
      pt: 'Poxa, desculpa por isso, {{customer.firstName}}! Às vezes o banco recusa o pagamento por segurança. Você pode tentar de novo ou usar outro cartão ou o Pix? Se der erro de novo, me manda um print da mensagem que eu verifico.',
      th: 'ขออภัยในความไม่สะดวกค่ะคุณ{{customer.firstName}} บางครั้งธนาคารปฏิเสธรายการเพื่อความปลอดภัยค่ะ รบกวนลองชำระใหม่อีกครั้ง หรือใช้บัตรหรือช่องทางอื่นนะคะ ถ้ายังไม่ผ่าน ส่งภาพหน้าจอที่ขึ้น error มาได้เลยค่ะ จะช่วยตรวจสอบให้นะคะ',
      vi: 'Dạ shop xin lỗi vì sự bất tiện này ạ. Đôi khi ngân hàng từ chối giao dịch vì lý do bảo mật. Anh/chị {{customer.firstName}} thử thanh toán lại hoặc dùng thẻ/phương thức khác giúp shop nha. Nếu vẫn lỗi, mình gửi ảnh chụp màn hình báo lỗi để shop kiểm tra ạ.',
    },
  ),
  starter(
    {
      id: 'starter.double-charge',
      shortcut: '/doublecharge',
      title: 'Charged twice',
      intent: 'double_charge',
      category: 'Payments',
      tags: ['payment', 'duplicate charge'],
    },
    {
      en: "I'm sorry for the worry, {{customer.firstName}}. Often the second charge is only a temporary hold that your bank releases in a few days. I'm checking order #{{order.number}} now — if you were really charged twice, I'll refund the duplicate straight away.",
      es: 'Perdona la preocupación, {{customer.firstName}}. Muchas veces el segundo cargo es solo una retención temporal que el banco libera en unos días. Ya estoy revisando el pedido #{{order.number}}; si realmente se cobró dos veces, te reembolso el duplicado de inmediato.',
      pt: 'Desculpa pelo susto, {{customer.firstName}}. Muitas vezes a segunda cobrança é só uma pré-autorização que o banco libera em alguns dias. Já estou verificando o pedido #{{order.number}}; se foi cobrado em dobro mesmo, estorno a cobrança duplicada na hora.',
    },
  ),
  starter(
    {
      id: 'starter.account-access',
      shortcut: '/login',
      title: "Can't log in",
      intent: 'account_access',
      category: 'Account',
      tags: ['password', 'login', 'account'],
    },
    {
      en: "Let's get you back in! Tap \"Forgot password\" on the login page and we'll email you a reset link (check your spam folder too). If it still doesn't work, tell me the email on your account and I'll check it.",
      es: '¡Vamos a solucionarlo! Toca "Olvidé mi contraseña" en la página de inicio de sesión y te enviaremos un enlace para restablecerla (revisa también el spam). Si aún no funciona, dime el correo de tu cuenta y lo reviso.',
      pt: 'Vamos resolver! Clica em "Esqueci minha senha" na tela de login que a gente te manda um link pra criar uma nova (dá uma olhada no spam também). Se ainda não funcionar, me passa o e-mail da sua conta que eu verifico.',
    },
  ),
  starter(
    {
      id: 'starter.address-change',
      shortcut: '/address',
      title: 'Change delivery address',
      intent: 'address_change',
      category: 'Orders',
      tags: ['address', 'delivery'],
    },
    {
      en: "I can update the address as long as order #{{order.number}} hasn't shipped yet. Please send me the full new address, including the postcode and a contact phone number.",
      es: 'Puedo cambiar la dirección siempre que el pedido #{{order.number}} todavía no haya salido. Envíame la dirección nueva completa, con código postal y un teléfono de contacto.',
      pt: 'Consigo alterar o endereço se o pedido #{{order.number}} ainda não tiver sido enviado. Me manda o endereço novo completo, com CEP, número e um telefone pra contato.',
      th: 'เปลี่ยนที่อยู่ได้ค่ะ หากออเดอร์ #{{order.number}} ยังไม่ได้จัดส่ง รบกวนส่งที่อยู่ใหม่แบบเต็ม พร้อมรหัสไปรษณีย์และเบอร์โทรติดต่อมาได้เลยนะคะ',
      vi: 'Dạ shop đổi địa chỉ được nếu đơn #{{order.number}} chưa giao cho bên vận chuyển ạ. Anh/chị gửi shop địa chỉ mới đầy đủ kèm số điện thoại người nhận nha.',
    },
  ),
  starter(
    {
      id: 'starter.cancellation',
      shortcut: '/cancel',
      title: 'Cancel an order',
      intent: 'cancellation',
      category: 'Orders',
      tags: ['cancel'],
    },
    {
      en: "I can cancel order #{{order.number}} for you as long as it hasn't shipped. Just confirm you'd like me to go ahead, and the money will go back to your original payment method.",
      es: 'Puedo cancelar el pedido #{{order.number}} si todavía no se envió. Confírmame que quieres que lo cancele y el dinero volverá a tu medio de pago original.',
      pt: 'Consigo cancelar o pedido #{{order.number}} se ele ainda não tiver sido enviado. Só me confirma que quer cancelar, e o valor volta pra forma de pagamento original.',
      th: 'ยกเลิกออเดอร์ #{{order.number}} ได้ค่ะ หากยังไม่ได้จัดส่ง รบกวนยืนยันอีกครั้งว่าต้องการยกเลิกนะคะ แล้วเงินจะคืนเข้าช่องทางที่ชำระไว้ค่ะ',
      vi: 'Dạ shop có thể hủy đơn #{{order.number}} nếu đơn chưa được gửi đi ạ. Anh/chị xác nhận giúp shop là muốn hủy nha, tiền sẽ được hoàn về phương thức thanh toán ban đầu ạ.',
    },
  ),
  starter(
    {
      id: 'starter.out-of-stock',
      shortcut: '/restock',
      title: 'Out of stock',
      intent: 'out_of_stock',
      category: 'Products',
      tags: ['stock', 'sold out', 'restock'],
    },
    {
      en: "{{product.name}} is sold out at the moment 😕 We expect it back around {{product.restockDate}}. Would you like me to let you know as soon as it's available?",
      es: '{{product.name}} está agotado por ahora 😕 Esperamos reponerlo alrededor del {{product.restockDate}}. ¿Quieres que te avise apenas esté disponible?',
      pt: 'O {{product.name}} está esgotado no momento 😕 A previsão de reposição é por volta de {{product.restockDate}}. Quer que eu te avise assim que chegar?',
    },
  ),
  starter(
    {
      id: 'starter.discount-code',
      shortcut: '/discount',
      title: "Discount code doesn't work",
      intent: 'discount_code',
      category: 'Payments',
      tags: ['coupon', 'promo', 'voucher'],
    },
    {
      en: "Sorry the code isn't working! Please check that it's typed exactly as {{discount.code}}, that your cart meets the minimum, and that it doesn't include excluded sale items. If it still fails, I'll apply the discount for you.",
      es: '¡Perdón porque el código no te funcione! Revisa que esté escrito exactamente como {{discount.code}}, que tu carrito llegue al mínimo y que no tenga productos en oferta excluidos. Si sigue sin funcionar, te aplico el descuento yo.',
      pt: 'Poxa, desculpa pelo cupom não funcionar! Confere se está digitado exatamente como {{discount.code}}, se o carrinho atingiu o valor mínimo e se não tem produto em promoção excluído. Se continuar com erro, eu aplico o desconto pra você.',
    },
  ),
  starter(
    {
      id: 'starter.warranty',
      shortcut: '/warranty',
      title: 'Warranty claim',
      intent: 'warranty',
      category: 'Products',
      tags: ['warranty', 'defect', 'repair'],
    },
    {
      en: '{{product.name}} has a {{warranty.months}}-month warranty. Could you send me a short video or photo of the problem and your order number? I’ll get a repair or replacement started.',
      es: '{{product.name}} tiene {{warranty.months}} meses de garantía. ¿Me envías un video corto o una foto del problema y tu número de pedido? Así inicio la reparación o el cambio.',
      pt: 'O {{product.name}} tem garantia de {{warranty.months}} meses. Você pode me mandar um vídeo curto ou foto do problema e o número do pedido? Assim já abro o reparo ou a troca.',
    },
  ),
  starter(
    {
      id: 'starter.sizing',
      shortcut: '/size',
      title: 'Size advice',
      intent: 'sizing',
      category: 'Products',
      tags: ['size', 'fit', 'size guide'],
    },
    {
      en: "Happy to help with sizing! Here's our size guide: {{store.sizeGuideUrl}}. If you tell me your usual size and height, I'll recommend the best fit.",
      es: '¡Te ayudo con la talla! Aquí está nuestra guía de tallas: {{store.sizeGuideUrl}}. Si me dices tu talla habitual y tu estatura, te recomiendo la que mejor te quede.',
      pt: 'Te ajudo com o tamanho! Aqui está nossa tabela de medidas: {{store.sizeGuideUrl}}. Se você me disser o tamanho que costuma usar e sua altura, te indico o que vai servir melhor.',
    },
  ),
  starter(
    {
      id: 'starter.damaged-item',
      shortcut: '/damaged',
      title: 'Item arrived damaged',
      intent: 'damaged_item',
      category: 'Returns & refunds',
      tags: ['damaged', 'broken', 'replacement'],
    },
    {
      en: "I'm so sorry your item arrived damaged, {{customer.firstName}}! Could you send a photo of the item and the packaging? As soon as I have it, I'll send a replacement or a refund, whichever you prefer.",
      es: '¡Lamento mucho que el producto llegara dañado, {{customer.firstName}}! ¿Me mandas una foto del producto y del empaque? En cuanto la tenga, te envío un reemplazo o te hago el reembolso, lo que prefieras.',
      pt: 'Sinto muito que o produto tenha chegado danificado, {{customer.firstName}}! Pode me mandar uma foto do produto e da embalagem? Assim que eu receber, envio outro ou faço o reembolso, como você preferir.',
      th: 'ต้องขออภัยจริงๆ ค่ะคุณ{{customer.firstName}} ที่สินค้าเสียหาย รบกวนถ่ายรูปสินค้าและกล่องพัสดุส่งมาให้หน่อยนะคะ ได้รับรูปแล้วจะส่งสินค้าใหม่หรือคืนเงินให้ตามที่สะดวกเลยค่ะ',
      vi: 'Dạ shop thành thật xin lỗi vì sản phẩm bị hư hỏng khi tới tay anh/chị {{customer.firstName}} ạ. Mình chụp giúp shop hình sản phẩm và hộp hàng nha, shop nhận được sẽ gửi hàng mới hoặc hoàn tiền tùy anh/chị chọn ạ.',
    },
    {
      en: "{{customer.firstName}}, I'm really sorry — this shouldn't have happened, especially after the trouble you've had before. I'm sending a replacement for order #{{order.number}} today by express shipping, and you don't need to return the damaged one. A photo helps us claim with the carrier, but it won't hold up your replacement.",
      es: '{{customer.firstName}}, lo siento muchísimo; esto no debió pasar, y menos después de los problemas que ya tuviste. Hoy mismo te envío un reemplazo del pedido #{{order.number}} por envío exprés y no hace falta que devuelvas el dañado. Una foto nos ayuda a reclamar a la paquetería, pero no retrasará tu reemplazo.',
      pt: '{{customer.firstName}}, sinto muito mesmo, isso não deveria ter acontecido, ainda mais depois dos problemas que você já teve. Hoje mesmo envio um novo produto do pedido #{{order.number}} por entrega expressa, e você não precisa devolver o danificado. Uma foto ajuda a gente a acionar a transportadora, mas não vai atrasar o seu envio.',
    },
  ),
  starter(
    {
      id: 'starter.wrong-item',
      shortcut: '/wrongitem',
      title: 'Wrong item received',
      intent: 'wrong_item',
      category: 'Returns & refunds',
      tags: ['wrong item', 'replacement'],
    },
    {
      en: "I'm sorry we sent the wrong item, {{customer.firstName}}! Could you send me a photo of what you received? I'll ship the right one right away and email you a free return label for the other.",
      es: '¡Perdón por enviarte el producto equivocado, {{customer.firstName}}! ¿Me mandas una foto de lo que recibiste? Te envío el correcto de inmediato y te mando por correo una etiqueta de devolución gratis para el otro.',
      pt: 'Desculpa por ter enviado o produto errado, {{customer.firstName}}! Pode me mandar uma foto do que você recebeu? Já envio o certo e te mando por e-mail uma etiqueta de devolução grátis pro outro.',
    },
  ),
  starter(
    {
      id: 'starter.shipping-cost',
      shortcut: '/shipping',
      title: 'Shipping cost',
      intent: 'shipping_cost',
      category: 'Shipping',
      tags: ['shipping', 'fee', 'free shipping'],
    },
    {
      en: "Shipping is calculated at checkout from your postcode, and orders over {{store.freeShippingFrom}} ship free! If you send me your postcode, I'll tell you the exact cost and delivery time.",
      es: 'El costo de envío se calcula al finalizar la compra según tu código postal, ¡y los pedidos de más de {{store.freeShippingFrom}} tienen envío gratis! Si me pasas tu código postal, te digo el costo y el plazo exactos.',
      pt: 'O frete é calculado no carrinho pelo seu CEP, e acima de {{store.freeShippingFrom}} o frete é grátis! Se você me passar seu CEP, te falo o valor e o prazo certinhos.',
    },
  ),
  starter(
    {
      id: 'starter.international-shipping',
      shortcut: '/international',
      title: 'International shipping',
      intent: 'international_shipping',
      category: 'Shipping',
      tags: ['international', 'customs'],
    },
    {
      en: 'Yes, we ship to many countries! Shipping costs and any import duties are shown at checkout. Which country should we send it to? I’ll confirm the delivery time.',
      es: '¡Sí, enviamos a muchos países! El costo de envío y los posibles impuestos de importación se muestran al finalizar la compra. ¿A qué país sería? Te confirmo el plazo de entrega.',
      pt: 'Sim, enviamos pra vários países! O frete e possíveis taxas de importação aparecem no fechamento do pedido. Pra qual país seria? Te confirmo o prazo de entrega.',
    },
  ),
  starter(
    {
      id: 'starter.store-pickup',
      shortcut: '/pickup',
      title: 'Pick up in store',
      intent: 'store_pickup',
      category: 'Shipping',
      tags: ['pickup', 'store'],
    },
    {
      en: 'Yes! Choose "Pick up in store" at checkout and we’ll message you when your order is ready, usually within 24 hours. Please bring your order number and an ID.',
      es: '¡Sí! Elige "Retiro en tienda" al finalizar la compra y te avisamos cuando tu pedido esté listo, normalmente en 24 horas. Trae tu número de pedido y un documento de identidad.',
      pt: 'Sim! É só escolher "Retirar na loja" no fechamento do pedido que a gente te avisa quando estiver pronto, normalmente em até 24 horas. Leve o número do pedido e um documento com foto.',
    },
  ),
  starter(
    {
      id: 'starter.gift-card',
      shortcut: '/giftcard',
      title: 'Gift cards',
      intent: 'gift_card',
      category: 'Products',
      tags: ['gift card', 'gift'],
    },
    {
      en: "Yes, we have gift cards! You can buy them on our website in any amount, and they're delivered by email — perfect as a last-minute gift 🎁",
      es: '¡Sí, tenemos tarjetas de regalo! Puedes comprarlas en nuestra web por el monto que quieras y llegan por correo, ideales como regalo de último momento 🎁',
      pt: 'Temos sim! Você compra o cartão presente no nosso site no valor que quiser, e ele chega por e-mail, perfeito pra presente de última hora 🎁',
    },
  ),
  starter(
    {
      id: 'starter.escalation',
      shortcut: '/manager',
      title: 'Escalate to team lead',
      intent: 'escalation',
      category: 'Conversation',
      tags: ['complaint', 'manager', 'escalate'],
    },
    {
      en: "I understand, {{customer.firstName}}, and I'm sorry this hasn't been resolved yet. I'm passing your case to my team lead now with all the details, so you won't have to explain it again. You'll hear from us today.",
      es: 'Te entiendo, {{customer.firstName}}, y lamento que esto todavía no se haya resuelto. Ahora mismo paso tu caso a mi supervisor con todos los detalles para que no tengas que explicarlo de nuevo. Hoy mismo te contactamos.',
      pt: 'Entendo, {{customer.firstName}}, e sinto muito que isso ainda não tenha sido resolvido. Já estou passando seu caso pro meu supervisor com todos os detalhes, pra você não precisar explicar tudo de novo. Ainda hoje entramos em contato.',
    },
  ),
];
