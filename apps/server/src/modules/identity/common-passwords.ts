// The most common passwords of 8+ characters (shorter ones already fail the length rule), compared
// case-insensitively. A breach-corpus check needs the network; this list blocks the obvious guesses offline.
const LIST = `password password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword pa$$word
12345678 123456789 1234567890 0123456789 87654321 987654321 11111111 00000000 88888888 12341234 11223344 12121212
123123123 147258369 741852963 159753456 123456789a 12345678a a12345678 aa123456 abc12345 abcd1234 1234abcd
qwertyui qwertyuiop qwerty12 qwerty123 qwerty1234 1qaz2wsx zaq12wsx 1q2w3e4r 1q2w3e4r5t q1w2e3r4 qwer1234 1234qwer
123qweasd asdfghjkl asdf1234 zxcvbnm1 zxcvbnm123 iloveyou iloveyou1 iloveyou2 sunshine sunshine1 princess princess1
football football1 baseball baseball1 basketball welcome1 welcome123 letmein1 letmein123 trustno1 superman superman1
batman123 michael1 jennifer jordan23 michelle charlie1 shadow12 master12 killer12 hello123 freedom1 whatever
computer internet starwars dragon12 monkey12 monkey123 changeme changeme1 admin123 admin1234 administrator
secret123 mypassword mustang1 jessica1 ashley12 nicole12 daniel12 andrew12 thomas12 soccer12 hockey12 summer12
summer2024 summer2025 summer2026 winter2024 winter2025 winter2026 spring2025 autumn2025 password2024 password2025
password2026 qwerty2025 welcome2025 welcome2026 corvette ferrari1 mercedes chelsea1 liverpool arsenal1 barcelona
cocacola pokemon1 minecraft fortnite playstation xbox360 nintendo samsung1 iphone12 google123 facebook
linkedin1 dropbox1 pakistan bangladesh india123 loveyou1 lovely12 babygirl1 sweetheart butterfly flower12
chocolate cookie12 pepper12 ginger12 buster12 tigger12 maggie12 bailey12 harley12 yankees1 cowboys1 eagles12
steelers lakers24 jackson1 matthew1 joshua12 anthony1 robert12 william1 richard1 charles1 joseph12 chris123
test1234 testing1 testtest demo1234 guest123 user1234 login123 access14 abcdefgh abcdefg1 aaaaaaaa zzzzzzzz
qqqqqqqq 1111111111 2222222222 12344321 456789123 ncc1701d trustme1 letmein! iloveu12 asdfasdf asdasdasd`;

const COMMON = new Set(LIST.split(/\s+/).filter(Boolean).map((p) => p.toLowerCase()));

export const isCommonPassword = (password: string) => COMMON.has(password.toLowerCase());
export const commonPasswordCount = COMMON.size;
