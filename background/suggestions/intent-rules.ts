/**
 * Keyword rules that recognise what a customer is asking about, per language. They catch the
 * common questions reliably even when the wording shares nothing with a template's body
 * ("cadê meu pedido" → order status); full-text ranking handles the rest.
 *
 * Keywords are matched on normalised text (lower case, Latin accents stripped — so "reembolso",
 * "reembolsó" and unaccented Vietnamese all match) at the start of a word, so a stem such as
 * "reembols" covers "reembolso" and "reembolsar". Keywords of three letters or fewer must match
 * a whole word ("oi" must not match "oito"). Thai is matched as a substring of the text with
 * spaces removed, since Thai does not separate words. A leading "~" marks a weak keyword — one
 * that hints at an intent but often comes with a more specific one ("my order" in "cancel my
 * order") — and counts half.
 */
import type { KnownIntent } from './template-model';
import { containsThai, normalizeText, tokenize } from './text-normalize';

type RuleLanguage = 'en' | 'es' | 'pt' | 'th' | 'vi' | 'id';
type KeywordTable = Partial<Record<KnownIntent, readonly string[]>>;

export const INTENT_KEYWORDS: Readonly<Record<RuleLanguage, KeywordTable>> = {
  en: {
    greeting: ['hi', 'hello', 'hey', 'good morning', 'good afternoon', 'good evening', 'anyone there'],
    closing: ['thanks', 'thank you', 'thx', 'have a nice day', 'bye', 'thats all', 'got it'],
    order_status: [
      'where is my order',
      'order status',
      '~my order',
      'status of my order',
      'where is my package',
      'havent received',
      'not received',
      'never got',
      'never received',
    ],
    tracking: ['tracking', 'track my', 'track the', 'tracking number', 'courier'],
    delivery_delay: [
      'late',
      'delayed',
      'delay',
      'taking so long',
      'supposed to arrive',
      'still not here',
      'overdue',
      'still waiting',
    ],
    refund: ['refund', 'money back', 'reimburs', '~my money'],
    refund_status: ['status of my refund', 'refund status', 'where is my refund', 'refund yet'],
    return: ['return', 'send it back', 'send back'],
    exchange: ['exchange', 'swap', 'bigger size', 'smaller size', 'different size'],
    invoice: ['invoice', 'receipt', 'vat'],
    payment_failed: [
      'payment failed',
      'card declined',
      'declined',
      'didnt go through',
      'cant pay',
      'payment error',
      'pending payment',
      'still shows pending',
      'still pending',
    ],
    double_charge: [
      'charged twice',
      'charged two times',
      'double charge',
      'charged me twice',
      'duplicate charge',
      'charged 2',
    ],
    account_access: ['log in', 'login', 'log into', 'sign in', 'password', '~my account', 'locked out'],
    address_change: [
      'change the address',
      'change my address',
      'change the delivery address',
      'wrong address',
      'new address',
      'delivery address',
      'shipping address',
    ],
    cancellation: ['cancel'],
    out_of_stock: ['back in stock', 'out of stock', 'sold out', 'restock', 'available again', 'in stock'],
    discount_code: ['discount', 'coupon', 'promo', 'voucher', 'code doesnt work'],
    warranty: [
      'warranty',
      'guarantee',
      'stopped working',
      'broke after',
      'defective',
      'faulty',
      'zipper broke',
    ],
    sizing: ['size', 'sizing', 'size chart', 'fit', 'too small', 'too big', 'measurements'],
    damaged_item: ['damaged', 'broken', 'arrived broken', 'cracked', 'smashed', 'dented'],
    wrong_item: [
      'wrong item',
      'wrong product',
      'wrong color',
      'wrong colour',
      'not what i ordered',
      'different from',
      'looks different',
    ],
    shipping_cost: [
      'shipping cost',
      'how much is shipping',
      'delivery fee',
      'shipping fee',
      'free shipping',
      'postage',
    ],
    international_shipping: [
      'internationally',
      'international shipping',
      'abroad',
      'other countries',
      'outside the us',
    ],
    store_pickup: ['pick up', 'pickup', 'collect in store', 'in store', 'click and collect'],
    gift_card: ['gift card', 'gift voucher', 'gift certificate'],
    escalation: ['manager', 'supervisor', 'complaint', 'real person', 'human', 'call me', 'unacceptable'],
  },
  es: {
    greeting: ['hola', 'buenas', 'buenos dias', 'buenas tardes', 'buenas noches', 'hay alguien'],
    closing: ['gracias', 'muchas gracias', 'listo', 'perfecto', 'buen dia', 'hasta luego'],
    order_status: [
      'donde esta mi pedido',
      'estado de mi pedido',
      '~mi pedido',
      '~mi compra',
      'no me llega',
      'no me llego',
      'no ha llegado',
      'todavia no llega',
    ],
    tracking: ['seguimiento', 'numero de guia', 'rastre', 'paqueteria', 'repartidor'],
    delivery_delay: [
      'retras',
      'atrasad',
      'demora',
      'tarda mucho',
      'tenia que llegar',
      'deberia haber llegado',
      'sigo esperando',
    ],
    refund: ['reembols', 'devuelvan el dinero', 'devolver el dinero', 'devolucion del dinero', '~mi dinero'],
    refund_status: ['estado de mi reembolso', 'mi reembolso', 'cuando me devuelven'],
    return: ['devolver', 'devolucion', 'regresar el producto'],
    exchange: ['cambiar por', 'cambio de talla', 'cambiarlo', 'cambio'],
    invoice: ['factura', 'recibo', 'comprobante'],
    payment_failed: [
      'pago rechazado',
      'rechazaron el pago',
      'no pasa el pago',
      'no puedo pagar',
      'error en el pago',
      'tarjeta rechazada',
      'rechaz',
      'sigue pendiente',
    ],
    double_charge: ['cobraron dos veces', 'cobro doble', 'doble cobro', 'cobraron 2'],
    account_access: ['contrasena', 'iniciar sesion', 'entrar a mi cuenta', '~mi cuenta'],
    address_change: [
      'cambiar la direccion',
      'cambiar mi direccion',
      'direccion de entrega',
      'direccion equivocada',
      'otra direccion',
    ],
    cancellation: ['cancelar', 'anular'],
    out_of_stock: ['agotado', 'sin stock', 'vuelven a tener', 'reponer', 'hay stock', 'disponible'],
    discount_code: ['descuento', 'cupon', 'codigo promocional', 'promocion'],
    warranty: ['garantia', 'dejo de funcionar', 'defectuos', 'se rompio'],
    sizing: ['talla', 'medidas', 'tabla de tallas', 'me queda'],
    damaged_item: ['danad', 'roto', 'rota', 'llego roto', 'quebrad', 'golpead', 'abollad'],
    wrong_item: [
      'producto equivocado',
      'equivocado',
      'no es lo que pedi',
      'otro color',
      'distinto',
      'diferente',
    ],
    shipping_cost: [
      'costo de envio',
      'cuanto sale el envio',
      'cuanto cuesta el envio',
      'envio gratis',
      'precio del envio',
    ],
    international_shipping: ['envios internacionales', 'otros paises', 'al extranjero'],
    store_pickup: ['retirar en tienda', 'recoger en tienda', 'retiro en tienda', 'pasar a buscar'],
    gift_card: ['tarjeta de regalo', 'tarjetas de regalo', 'bono regalo'],
    escalation: [
      'supervisor',
      'gerente',
      'queja',
      'reclamo',
      'persona real',
      'llamenme',
      'llamame',
      'inaceptable',
    ],
  },
  pt: {
    greeting: ['oi', 'ola', 'bom dia', 'boa tarde', 'boa noite', 'tem alguem'],
    closing: ['obrigad', 'valeu', 'beleza', 'tchau', 'ate mais'],
    order_status: [
      'cade meu pedido',
      'onde esta meu pedido',
      'status do pedido',
      '~meu pedido',
      '~minha compra',
      'nao chegou',
      'nao recebi',
    ],
    tracking: ['rastreio', 'rastreamento', 'codigo de rastreio', 'rastrear', 'transportadora', 'entregador'],
    delivery_delay: [
      'atrasad',
      'atraso',
      'demorando',
      'era pra chegar',
      'devia ter chegado',
      'demora',
      'ainda estou esperando',
    ],
    refund: ['reembols', 'estorno', 'dinheiro de volta', 'devolver o dinheiro', '~meu dinheiro'],
    refund_status: ['status do reembolso', 'meu estorno', 'meu reembolso', 'como esta meu estorno'],
    return: ['devolver', 'devolucao', 'devolvo'],
    exchange: ['trocar', 'troca'],
    invoice: ['nota fiscal', 'fatura', 'recibo', 'comprovante'],
    payment_failed: [
      'pagamento nao passou',
      'pagamento recusado',
      'cartao recusado',
      'nao consigo pagar',
      'erro no pagamento',
      'recusad',
      'continua pendente',
    ],
    double_charge: ['cobrado duas vezes', 'cobraram duas vezes', 'cobranca duplicada', 'cobrado 2'],
    account_access: ['senha', 'entrar na minha conta', 'login', '~minha conta', 'fazer login'],
    address_change: [
      'mudar o endereco',
      'alterar o endereco',
      'trocar o endereco',
      'endereco de entrega',
      'endereco errado',
    ],
    cancellation: ['cancelar', 'cancelamento'],
    out_of_stock: [
      'esgotad',
      'sem estoque',
      'volta pro estoque',
      'volta ao estoque',
      'repor',
      'tem estoque',
      'disponivel',
    ],
    discount_code: ['desconto', 'cupom', 'codigo promocional', 'promocao'],
    warranty: ['garantia', 'parou de funcionar', 'defeito', 'ziper quebrou'],
    sizing: ['tamanho', 'tabela de medidas', 'medidas', 'numeracao'],
    damaged_item: ['danificad', 'quebrad', 'veio quebrado', 'amassad', 'rachad', 'avariad'],
    wrong_item: ['produto errado', 'errado', 'veio outro', 'nao e o que eu pedi', 'diferente'],
    shipping_cost: ['frete', 'valor do frete', 'frete gratis', 'quanto fica o frete', 'taxa de entrega'],
    international_shipping: ['internacional', 'fora do brasil', 'exterior', 'outros paises'],
    store_pickup: ['retirar na loja', 'retirada', 'buscar na loja'],
    gift_card: ['cartao presente', 'vale presente', 'gift card'],
    escalation: ['gerente', 'supervisor', 'reclamacao', 'procon', 'pessoa de verdade', 'me liga', 'absurdo'],
  },
  th: {
    greeting: ['สวัสดี', 'มีใครอยู่ไหม'],
    closing: ['ขอบคุณ', 'โอเคค่ะ'],
    order_status: ['ถึงไหน', 'สถานะคำสั่งซื้อ', '~ออเดอร์', '~ของที่สั่ง', 'ยังไม่ได้รับ', 'ยังไม่ได้ของ'],
    tracking: ['เลขพัสดุ', 'ติดตามพัสดุ', 'เลขแทร็ก', 'คนส่งของ'],
    delivery_delay: ['ล่าช้า', 'มาช้า', 'ยังไม่ถึง', 'นานมาก', 'ควรจะถึง'],
    refund: ['คืนเงิน', 'เงินคืน', 'รีฟันด์'],
    refund_status: ['สถานะการคืนเงิน', 'เงินคืนยังไม่เข้า'],
    return: ['คืนสินค้า', 'ส่งคืน', 'คืนของ'],
    exchange: ['เปลี่ยนไซส์', 'เปลี่ยนสินค้า', 'เปลี่ยนเป็น'],
    invoice: ['ใบกำกับภาษี', 'ใบเสร็จ', 'ใบแจ้งหนี้'],
    payment_failed: ['จ่ายเงินไม่ผ่าน', 'ชำระเงินไม่ได้', 'จ่ายไม่ได้', 'บัตรไม่ผ่าน', 'ตัดบัตรไม่ผ่าน', 'รอชำระ'],
    double_charge: ['ตัดเงินสองครั้ง', 'ตัดเงินซ้ำ', 'หักเงินซ้ำ', 'หักเงินสองครั้ง'],
    account_access: ['รหัสผ่าน', 'เข้าบัญชี', 'ล็อกอิน', 'เข้าสู่ระบบ'],
    address_change: ['เปลี่ยนที่อยู่', 'แก้ที่อยู่', 'ที่อยู่จัดส่ง', 'ที่อยู่ผิด'],
    cancellation: ['ยกเลิก'],
    out_of_stock: ['ของหมด', 'สินค้าหมด', 'มีของอีก', 'เติมสต็อก', 'มีของไหม'],
    discount_code: ['โค้ดส่วนลด', 'ส่วนลด', 'คูปอง', 'โค้ด'],
    warranty: ['ประกัน', 'รับประกัน', 'พังหลัง', 'ใช้ไม่ได้แล้ว'],
    sizing: ['ไซส์', 'ขนาด', 'ตารางไซส์', 'รอบอก'],
    damaged_item: ['เสียหาย', 'แตก', 'บุบ', 'พังมา', 'ชำรุด'],
    wrong_item: ['ได้ของผิด', 'ส่งผิด', 'ผิดสี', 'ผิดไซส์', 'ไม่ตรงปก', 'ไม่เหมือนในรูป'],
    shipping_cost: ['ค่าส่ง', 'ค่าจัดส่ง', 'ส่งฟรี'],
    international_shipping: ['ต่างประเทศ'],
    store_pickup: ['รับที่ร้าน', 'รับเอง', 'ไปรับ'],
    gift_card: ['บัตรของขวัญ', 'กิฟต์การ์ด'],
    escalation: ['หัวหน้า', 'ร้องเรียน', 'โทรกลับ', 'ผู้จัดการ'],
  },
  vi: {
    greeting: ['chao', 'xin chao', 'alo', 'co ai khong'],
    closing: ['cam on', 'tam biet', 'ok shop'],
    order_status: ['~don hang', 'toi dau roi', 'chua nhan duoc', 'tinh trang don'],
    tracking: ['ma van don', 'van don', 'theo doi don', 'tra cuu', 'shipper'],
    delivery_delay: ['tre', 'cham', 'lau qua', 'giao cham', 'sao lau'],
    refund: ['hoan tien', 'tra tien', 'lay lai tien', 'hoan lai tien'],
    refund_status: ['tinh trang hoan tien', 'chua nhan duoc tien'],
    return: ['tra hang', 'doi tra', 'gui tra'],
    exchange: ['doi sang', 'doi size', 'doi hang'],
    invoice: ['hoa don', 'xuat hoa don', 'bien lai'],
    payment_failed: [
      'thanh toan bi loi',
      'thanh toan khong duoc',
      'khong thanh toan duoc',
      'loi thanh toan',
      'cho thanh toan',
    ],
    double_charge: ['tru tien hai lan', 'tru tien 2 lan', 'bi tru tien 2', 'thanh toan hai lan'],
    account_access: ['mat khau', 'dang nhap', 'tai khoan'],
    address_change: ['doi dia chi', 'sua dia chi', 'dia chi giao hang', 'sai dia chi'],
    cancellation: ['huy don', 'huy'],
    out_of_stock: ['het hang', 'co hang lai', 'con hang', 'khi nao co hang'],
    discount_code: ['ma giam gia', 'giam gia', 'voucher', 'khuyen mai'],
    warranty: ['bao hanh', 'khong hoat dong', 'hu sau'],
    sizing: ['size', 'bang size', 'kich thuoc'],
    damaged_item: ['bi vo', 'bi be', 'be luon', 'mop', 'hu hong'],
    wrong_item: [
      'giao nham',
      'nham hang',
      'sai mau',
      'sai size',
      'khac hinh',
      'khong giong hinh',
      'khac hoan toan',
    ],
    shipping_cost: ['phi ship', 'phi van chuyen', 'phi giao hang', 'free ship'],
    international_shipping: ['nuoc ngoai', 'quoc te'],
    store_pickup: ['lay truc tiep', 'nhan tai cua hang', 'qua cua hang', 'den lay'],
    gift_card: ['the qua tang', 'phieu qua tang'],
    escalation: ['khieu nai', 'quan ly', 'goi lai', 'nguoi that'],
  },
  id: {
    greeting: ['halo', 'hai', 'permisi', 'selamat pagi', 'selamat siang', 'ada orang'],
    closing: ['terima kasih', 'makasih', 'siap kak', 'oke'],
    order_status: ['~pesanan saya', 'sampai mana', 'status pesanan', 'belum sampai', 'belum diterima'],
    tracking: ['resi', 'nomor resi', 'lacak', 'kurir'],
    delivery_delay: ['telat', 'terlambat', 'lama banget', 'belum datang', 'harusnya sampai'],
    refund: ['refund', 'uang kembali', 'pengembalian dana', 'balikin uang'],
    refund_status: ['status pengembalian dana', 'status refund'],
    return: ['retur', 'kembalikan barang', 'pengembalian barang'],
    exchange: ['tukar', 'ganti ukuran', 'ganti size'],
    invoice: ['invoice', 'faktur', 'kuitansi', 'nota'],
    payment_failed: [
      'pembayaran gagal',
      'gagal bayar',
      'tidak bisa bayar',
      'gak bisa bayar',
      'menunggu pembayaran',
    ],
    double_charge: ['ditagih dua kali', 'terpotong dua kali', 'kepotong dua kali', 'tagihan ganda'],
    account_access: ['password', 'kata sandi', 'login', 'akun saya', 'masuk akun'],
    address_change: ['ganti alamat', 'ubah alamat', 'alamat pengiriman', 'alamat salah'],
    cancellation: ['batal', 'cancel'],
    out_of_stock: ['stok habis', 'habis', 'ready lagi', 'restock', 'ready stok'],
    discount_code: ['kode diskon', 'diskon', 'voucher', 'kode promo', 'promo'],
    warranty: ['garansi', 'tidak berfungsi', 'rusak padahal'],
    sizing: ['ukuran', 'size', 'tabel ukuran'],
    damaged_item: ['rusak', 'pecah', 'penyok', 'hancur', 'retak'],
    wrong_item: ['salah kirim', 'barang salah', 'salah warna', 'salah ukuran', 'beda sama', 'tidak sesuai'],
    shipping_cost: ['ongkir', 'ongkos kirim', 'biaya kirim', 'gratis ongkir'],
    international_shipping: ['luar negeri', 'internasional'],
    store_pickup: ['ambil di toko', 'ambil langsung', 'ambil sendiri'],
    gift_card: ['voucher hadiah', 'kartu hadiah', 'gift card'],
    escalation: ['komplain', 'keluhan', 'telepon saya', 'hubungi saya'],
  },
};

export interface IntentMatch {
  intent: string;
  /** Sum of matched keyword weights (a multi-word keyword counts more: it is more specific). */
  score: number;
  keywords: string[];
}

interface CompiledKeyword {
  intent: string;
  source: string;
  /** Normalised form: " word word" for Latin scripts, spaceless for Thai. */
  needle: string;
  thai: boolean;
  wholeWord: boolean;
  weight: number;
}

const RULE_LANGUAGES = Object.keys(INTENT_KEYWORDS) as RuleLanguage[];

function compile(table: KeywordTable): CompiledKeyword[] {
  const out: CompiledKeyword[] = [];
  for (const [intent, keywords] of Object.entries(table)) {
    for (const entry of keywords ?? []) {
      const weak = entry.startsWith('~');
      const keyword = weak ? entry.slice(1) : entry;
      const thai = containsThai(keyword);
      const tokens = tokenize(keyword);
      const needle = thai ? normalizeText(keyword).replace(/\s+/g, '') : ` ${tokens.join(' ')}`;
      const wholeWord = !thai && tokens.length === 1 && needle.length <= 4;
      out.push({
        intent,
        source: keyword,
        needle,
        thai,
        wholeWord,
        weight: (thai ? 1 : Math.min(tokens.length, 3)) * (weak ? 0.5 : 1),
      });
    }
  }
  return out;
}

const COMPILED: ReadonlyMap<RuleLanguage, CompiledKeyword[]> = new Map(
  RULE_LANGUAGES.map((lang) => [lang, compile(INTENT_KEYWORDS[lang])]),
);

function rulesFor(lang: string | undefined): CompiledKeyword[] {
  // English loan words ("refund", "tracking", "size") turn up in every language's chats, so the
  // English rules always apply; the other languages' rules only to their own language, because
  // short words mean different things across them (Vietnamese "chao" is hello, Spanish "chao" bye).
  if (lang && (RULE_LANGUAGES as string[]).includes(lang)) {
    const own = COMPILED.get(lang as RuleLanguage)!;
    return lang === 'en' ? own : [...own, ...COMPILED.get('en')!];
  }
  return RULE_LANGUAGES.flatMap((l) => COMPILED.get(l)!);
}

const rulesCache = new Map<string, CompiledKeyword[]>();

/** Intents found in one message, best first. */
export function matchIntents(text: string, lang?: string): IntentMatch[] {
  const cacheKey = lang ?? '*';
  let rules = rulesCache.get(cacheKey);
  if (!rules) {
    rules = rulesFor(lang);
    rulesCache.set(cacheKey, rules);
  }
  const tokens = tokenize(text);
  const latin = ` ${tokens.join(' ')} `;
  const thai = containsThai(text) ? normalizeText(text).replace(/\s+/g, '') : '';

  const byIntent = new Map<string, IntentMatch>();
  for (const rule of rules) {
    let hit: boolean;
    if (rule.thai) hit = thai !== '' && thai.includes(rule.needle);
    else hit = latin.includes(rule.wholeWord ? `${rule.needle} ` : rule.needle);
    if (!hit) continue;
    const match = byIntent.get(rule.intent) ?? { intent: rule.intent, score: 0, keywords: [] };
    // The same keyword in two rule sets (English "voucher" and Indonesian "voucher") counts once.
    if (match.keywords.includes(rule.source)) continue;
    match.score += rule.weight;
    match.keywords.push(rule.source);
    byIntent.set(rule.intent, match);
  }
  return [...byIntent.values()].sort((a, b) => b.score - a.score);
}
