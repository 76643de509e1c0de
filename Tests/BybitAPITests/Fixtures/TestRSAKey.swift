/// A 2048-bit RSA key generated for these tests only (`openssl genpkey -algorithm RSA
/// -pkeyopt rsa_keygen_bits:2048`), in PKCS#8 and PKCS#1 form, with its public key.
/// It protects nothing; it exists so RSA signatures can be compared with OpenSSL's.
enum TestRSAKey {
    static let pkcs8 = """
        -----BEGIN PRIVATE KEY-----
        MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQCov5FrRA3htz+b
        /iD2q7gFhtu7vCflmqLLDBtH+DcoIUaEON3ORAJMBPASaEOSmDj8GPU/febRCX73
        hna0yYCGkVdjcmHUk6DBQ+4NvOuDtNScNLg85zyjFI1Xx4Pm3h7I/CDeEtIwR3p8
        uPXsnYBKPGKQuuFxYLxh3YzZTHDNrZZy53V2PH+5IuX8vKk8CQnHaZZuBNBsUt5j
        PuW3UZHbKZtFabIYX93zWw0YyaqsAij2wV9c0AufhjvyH+mz+JuxNrLAfcTXCahs
        6REL7xRnBvAdrJIjEWXj4djzz834ZuUXYy58dEmCvlYYhiBvbfN3RB5ync2IREig
        XzRn0487AgMBAAECggEANjUHpTIA1ZO0msspUqP54sid+HIqTM7+YYR7lQRuz3TU
        /q93zQU6yanCZt9YaZR9pbnsul8a0OaggyoOIugh4dh5foglVhCwULUeGQqpiy8B
        J0amMmZDq81z1BFS1UxgDkcz1bKtE3Y6qisOUNqNdgtszDpEJlQhX7y4PKuaBu+p
        O9HSJuLyx8rwfvDVhYta1/Kf+HJEMGm79l3FomzNaWp+Sw6im4tk/iCk9miIxMAy
        2XpKaZY0sqWSuN2/SthhPMBymBzjhPwQLbPa6hQpAqLFPPYQ9WJBPSDzk+42yt0y
        mnsO0cZgsh5A0cZ2GCZP+08LEXLZidylAylFphKm0QKBgQDSZlw5iiAHCv6PVlv8
        4SzznQwEV99R/apkYRLIXzhrr4iWBM+DRxsa+ym1/tm/q3Ad5ZgSXH0uXPyvZtzg
        Wv4UAPFkq5QY/d1D97hI5Wr6kjYzqRxOccUHsYh9bySP4z1z+9ZvC5GhS9a+fD53
        tCIM3itBKespg9uaxBleP6TziwKBgQDNUkA4CmzRLBlzoomATOniMIyedWGclLt0
        M2llM6MTpeGnpLqtvf0gSq9dvXW4Hvomh0bKUYPcH+648PBPQTWs9rMbNZMv7TGn
        3rirVPXk0Nwk0ouI/lLfQlGp6mowgUb5FFSxOlU3r2fSLEzp8dwhPRAzq1RFx7c6
        iu/Jv96JEQKBgGCFRs+6tuCkQY2eL4r9/fIwXJ/tc+yYMz/jbItxa1+zYjR4Nn5h
        82RYTpVIObp9Omzss+vQdDj9vYn15WQjOiYRHKxzLfidFZGlpewDGyWiR61BalPu
        S1YxMo1gnGRJ+hooMQI2S3O0Z+pw8vNVNr2yeiNlyJT+AZOpXH3pMpHrAoGBAJaz
        w20ewcY6Lyg/6drhGV4rMltwXsgWJwzgW4CriQv32ow5DchOxgc4qkUMteYB3qv+
        6MfBUx5z1b2rI0eY3nPo04eqKDGqUKMdh8BB6QYdAyiH3WEdAujZ/aTQ6UZW7SgP
        cyZuYXQw6+xJFd805dUDw+uY2o8pSuTOa7hSe11xAoGBAIjO3e9lFbVUEqMVBLw3
        rj8mcZtKCS7QAs7rfa7VXUjKjKMVcQTS8obQHZVt14Z9tl07mT8O0P6F4QnL8dpb
        ihbE4EOPRk/ZyrYRdPrBIJGKxdGBgH73azThqippew+i2IRQrSbYzP/Ptiy7Nb9O
        TqtXuSLhZ7GLnMgKVaoDEgR1
        -----END PRIVATE KEY-----
        """

    static let pkcs1 = """
        -----BEGIN RSA PRIVATE KEY-----
        MIIEpAIBAAKCAQEAqL+Ra0QN4bc/m/4g9qu4BYbbu7wn5ZqiywwbR/g3KCFGhDjd
        zkQCTATwEmhDkpg4/Bj1P33m0Ql+94Z2tMmAhpFXY3Jh1JOgwUPuDbzrg7TUnDS4
        POc8oxSNV8eD5t4eyPwg3hLSMEd6fLj17J2ASjxikLrhcWC8Yd2M2Uxwza2Wcud1
        djx/uSLl/LypPAkJx2mWbgTQbFLeYz7lt1GR2ymbRWmyGF/d81sNGMmqrAIo9sFf
        XNALn4Y78h/ps/ibsTaywH3E1wmobOkRC+8UZwbwHaySIxFl4+HY88/N+GblF2Mu
        fHRJgr5WGIYgb23zd0Qecp3NiERIoF80Z9OPOwIDAQABAoIBADY1B6UyANWTtJrL
        KVKj+eLInfhyKkzO/mGEe5UEbs901P6vd80FOsmpwmbfWGmUfaW57LpfGtDmoIMq
        DiLoIeHYeX6IJVYQsFC1HhkKqYsvASdGpjJmQ6vNc9QRUtVMYA5HM9WyrRN2Oqor
        DlDajXYLbMw6RCZUIV+8uDyrmgbvqTvR0ibi8sfK8H7w1YWLWtfyn/hyRDBpu/Zd
        xaJszWlqfksOopuLZP4gpPZoiMTAMtl6SmmWNLKlkrjdv0rYYTzAcpgc44T8EC2z
        2uoUKQKixTz2EPViQT0g85PuNsrdMpp7DtHGYLIeQNHGdhgmT/tPCxFy2YncpQMp
        RaYSptECgYEA0mZcOYogBwr+j1Zb/OEs850MBFffUf2qZGESyF84a6+IlgTPg0cb
        Gvsptf7Zv6twHeWYElx9Llz8r2bc4Fr+FADxZKuUGP3dQ/e4SOVq+pI2M6kcTnHF
        B7GIfW8kj+M9c/vWbwuRoUvWvnw+d7QiDN4rQSnrKYPbmsQZXj+k84sCgYEAzVJA
        OAps0SwZc6KJgEzp4jCMnnVhnJS7dDNpZTOjE6Xhp6S6rb39IEqvXb11uB76JodG
        ylGD3B/uuPDwT0E1rPazGzWTL+0xp964q1T15NDcJNKLiP5S30JRqepqMIFG+RRU
        sTpVN69n0ixM6fHcIT0QM6tURce3Oorvyb/eiRECgYBghUbPurbgpEGNni+K/f3y
        MFyf7XPsmDM/42yLcWtfs2I0eDZ+YfNkWE6VSDm6fTps7LPr0HQ4/b2J9eVkIzom
        ERyscy34nRWRpaXsAxsloketQWpT7ktWMTKNYJxkSfoaKDECNktztGfqcPLzVTa9
        snojZciU/gGTqVx96TKR6wKBgQCWs8NtHsHGOi8oP+na4RleKzJbcF7IFicM4FuA
        q4kL99qMOQ3ITsYHOKpFDLXmAd6r/ujHwVMec9W9qyNHmN5z6NOHqigxqlCjHYfA
        QekGHQMoh91hHQLo2f2k0OlGVu0oD3MmbmF0MOvsSRXfNOXVA8PrmNqPKUrkzmu4
        UntdcQKBgQCIzt3vZRW1VBKjFQS8N64/JnGbSgku0ALO632u1V1IyoyjFXEE0vKG
        0B2VbdeGfbZdO5k/DtD+heEJy/HaW4oWxOBDj0ZP2cq2EXT6wSCRisXRgYB+92s0
        4aoqaXsPotiEUK0m2Mz/z7YsuzW/Tk6rV7ki4Wexi5zIClWqAxIEdQ==
        -----END RSA PRIVATE KEY-----
        """

    static let publicKey = """
        -----BEGIN PUBLIC KEY-----
        MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAqL+Ra0QN4bc/m/4g9qu4
        BYbbu7wn5ZqiywwbR/g3KCFGhDjdzkQCTATwEmhDkpg4/Bj1P33m0Ql+94Z2tMmA
        hpFXY3Jh1JOgwUPuDbzrg7TUnDS4POc8oxSNV8eD5t4eyPwg3hLSMEd6fLj17J2A
        SjxikLrhcWC8Yd2M2Uxwza2Wcud1djx/uSLl/LypPAkJx2mWbgTQbFLeYz7lt1GR
        2ymbRWmyGF/d81sNGMmqrAIo9sFfXNALn4Y78h/ps/ibsTaywH3E1wmobOkRC+8U
        ZwbwHaySIxFl4+HY88/N+GblF2MufHRJgr5WGIYgb23zd0Qecp3NiERIoF80Z9OP
        OwIDAQAB
        -----END PUBLIC KEY-----
        """
}
