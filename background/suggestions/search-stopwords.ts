/**
 * Words too common in customer chats to say anything about which reply fits ("my", "el",
 * "você", Thai politeness particles). Left out of full-text ranking only: without them a
 * message such as "อันนี้มีที่ชาร์จมาด้วยไหมครับ" would match any template ending in "ครับ".
 * Written in normalised form (lower case, Latin accents stripped).
 */
const WORDS = {
  en: 'the a an i im my me you your u is are was it its to for of and or in on at with this that can could do does did please pls hi hey be we our us what how when where why there here have has just so but not no yes ok okay',
  es: 'el la los las un una de del y o en con por para que mi mis me te tu su es esta estoy son lo le se al ya pero si no muy hola por favor porfa',
  pt: 'o a os as um uma de do da dos das e ou em no na nos nas com por pra para que meu minha me te voce vc vcs seu sua eh esta estou sao isso ja mas sim nao muito oi tem',
  vi: 'shop anh chi minh em a da nha khong duoc cho cua la va roi vay oi ban co toi ma thi nay voi nhe luon qua',
  id: 'saya aku kak kakak ya yang di ke dari dan atau ini itu sudah udah belum bisa gak nggak tidak mau apa untuk dengan ada juga dong deh nih aja',
  th: 'ครับ ค่ะ คะ นะ นะคะ นะครับ ไหม มั้ย ได้ ไม่ มี ที่ จะ ให้ แล้ว เลย ด้วย หน่อย ของ ว่า ก็ คือ และ กับ ขอ รบกวน ฉัน ผม ดิฉัน เรา มา ไป อัน นี้ นั้น อยู่ เอง ตัว',
};

export const SEARCH_STOPWORDS: ReadonlySet<string> = new Set(
  Object.values(WORDS).flatMap((list) => list.split(' ')),
);
