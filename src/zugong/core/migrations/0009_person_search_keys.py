from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0008_user_person")]

    operations = [
        migrations.AddField(
            model_name="person",
            name="name_pinyin",
            field=models.CharField(
                blank=True, editable=False, max_length=200, verbose_name="姓名拼音"
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="name_initials",
            field=models.CharField(
                blank=True, editable=False, max_length=50, verbose_name="姓名首字母"
            ),
        ),
    ]
